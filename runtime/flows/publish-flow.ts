import { pinSubflows, type SubflowPin } from "../../flow-schema/index";
import type { FlowsRepo, FlowVersionInfo, PublishOptions } from "../store/flows-repo";
import type { Result } from "../store/result";
import type { FlowNotFound, RevisionConflict } from "../store/store-errors";

/**
 * Publishes a flow's draft with its subflow nodes pinned to the called flows' live versions
 * (written into the version's document as `data.version`). The API's publish and the examples'
 * seeding both publish through here.
 */
export async function publishFlow(
  flows: FlowsRepo,
  id: string,
  options: Omit<PublishOptions, "pin">,
): Promise<Result<FlowVersionInfo & { pins: SubflowPin[] }, FlowNotFound | RevisionConflict>> {
  const live = new Map<string, number>();
  for (const flow of await flows.listFlows()) if (flow.publishedVersion !== null) live.set(flow.id, flow.publishedVersion);
  let pins: SubflowPin[] = [];
  const published = await flows.publish(id, {
    ...options,
    pin: (draft) => {
      const pinned = pinSubflows(draft, (flowId) => live.get(flowId));
      pins = pinned.pins;
      return pinned.document;
    },
  });
  return published.ok ? { ok: true, value: { ...published.value, pins } } : published;
}
