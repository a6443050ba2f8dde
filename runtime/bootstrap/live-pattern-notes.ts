import { patternNotes } from "../../flow-schema/migrate/pattern-notes";
import type { FlowCache } from "../sessions/flow-cache";
import type { Store } from "../store/open-store";

/**
 * Start-up notes, one per pattern of a live version that the engine cannot run: a version
 * published before the validator refused lookaround and backreferences keeps running, but that
 * gather accepts no entry and that rule never holds until the flow is fixed and published again.
 */
export async function livePatternNotes(store: Store, cache: FlowCache): Promise<string[]> {
  const notes: string[] = [];
  for (const flow of await store.flows.listFlows()) {
    const live = cache.loadFlow(flow.id);
    if (live === undefined) continue;
    for (const issue of patternNotes(live.document)) {
      notes.push(`flow ${live.flowId} version ${live.version} (live): ${issue.message} (then publish the flow again)`);
    }
  }
  return notes;
}
