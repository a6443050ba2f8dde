import type { FlowEdge } from "../../document";
import type { IssueLog } from "../issue-log";
import { UniqueIds } from "../whatomate/unique-ids";
import type { MappedState } from "./map-widgets";

/**
 * Converts each widget's transitions with a `next` into edges: the widget's mapper names the
 * handles an event follows (one edge each). A transition with no `next` ends the flow in Studio,
 * and an unconnected handle does the same in Switchboard: nothing to convert. Everything that
 * cannot be carried over is dropped and reported with its JSON pointer.
 */
export function mapTransitions(states: readonly MappedState[], ids: ReadonlyMap<string, string>, log: IssueLog): FlowEdge[] {
  const edgeIds = new UniqueIds();
  const nodeIds = new Set(states.map((mapped) => mapped.node.id));
  const edges: FlowEdge[] = [];
  for (const mapped of states) {
    const connected = new Map<string, string>();
    mapped.state.transitions.forEach((transition, index) => {
      if (transition.next === undefined || transition.next === "") return;
      const where = { nodeId: mapped.node.id, path: `/states/${mapped.index}/transitions/${index}` };
      const shown = `${mapped.state.name}: transition ${index} (${transition.event} → ${transition.next})`;
      const target = ids.get(transition.next);
      if (target === undefined || !nodeIds.has(target)) {
        return log.error(`${shown} leads to a widget that does not exist${target === undefined ? "" : " or is the trigger"}; dropped`, { ...where, path: `${where.path}/next` });
      }
      const handles = mapped.handlesFor(transition, index);
      if (!Array.isArray(handles)) return log.error(`${shown} dropped: ${handles.reason}`, { ...where, path: `${where.path}/event` });
      for (const handle of handles) {
        if (!mapped.handles.includes(handle)) {
          log.error(`${shown} dropped: node "${mapped.node.id}" has no handle "${handle}"`, where);
          continue;
        }
        const taken = connected.get(handle);
        if (taken !== undefined) {
          if (taken !== target) log.error(`${shown} dropped: its outcome "${handle}" already leads to "${taken}", and Switchboard follows one edge per outcome`, where);
          continue;
        }
        connected.set(handle, target);
        edges.push({ id: edgeIds.allocate(`e-${mapped.node.id}-${handle}`, "edge"), source: mapped.node.id, sourceHandle: handle, target });
      }
    });
  }
  return edges;
}
