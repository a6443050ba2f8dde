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
}
