import { FlowId } from "../../../primitives";
import type { NodeMapper } from "../node-mapper";

/** goto_flow: flow_id (often a UUID) → flowId. Ends this flow: no outcomes. */
export const gotoFlowMapper: NodeMapper = {
  type: "goto_flow",
  data: (config) => {
    const raw = config.string("flow_id")?.trim();
    if (raw === undefined || raw === "") {
      config.error("has no flow_id", "flow_id");
      return {};
    }
    if (FlowId.safeParse(raw).success) return { flowId: raw };
    const flowId = raw.replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^[^A-Za-z0-9]+/, "").slice(0, 100);
    config.warn(`flow_id "${raw}" is not a valid Switchboard flow id; "${flowId}" is used, import that flow under this id`, "flow_id");
    return { flowId };
  },
  handle: () => undefined,
};
