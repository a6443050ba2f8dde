import type { FlowVersionRef } from "./flow-version";
import type { EngineLimits } from "./limits";

/** Everything the engine reads from the world: the clock, the guards and published flows. */
export interface EngineEnv {
  now: Date;
  limits: EngineLimits;
  /**
   * The current published version of a flow, for goto_flow. Synchronous: the runtime backs it with
   * its cache of published versions. Undefined when the flow has no published version.
   */
  loadFlow: (flowId: string) => FlowVersionRef | undefined;
  /**
   * One version of a flow, synchronously: a subflow node's pinned version, and the calling flow's
   * version when a subflow returns ("draft" for a simulator session's draft). The runtime loads
   * the ones a step can need before it steps (`subflowVersionsNeeded`). Undefined when unknown.
   */
  loadVersion: (flowId: string, version: number | "draft") => FlowVersionRef | undefined;
  /**
   * Why this session's call may not be connected to the phone network (the runtime asks
   * `phoneNetworkRefusal` before it steps: a WhatsApp call); undefined when it may. A dial node
   * then takes `failed` with this reason and dials nothing.
   */
  phoneNetworkRefusal?: string | undefined;
}
