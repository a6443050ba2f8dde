import type { FlowEdge } from "../../document";
import type { IssueLog } from "../issue-log";
import type { MappedNode, MappedNodes } from "./map-nodes";
import type { WhatomateEdge } from "./source-graph";
import { UniqueIds } from "./unique-ids";

/** The condition meaning "any outcome that has no exact edge"; an empty or missing condition means the same. */
export const DEFAULT_CONDITION = "default";

interface PendingDefault {
  edgeIndex: number;
  source: MappedNode;
  target: MappedNode;
}

/**
 * Converts the edges: exact conditions become handles (one edge per handle), then each `default`
 * edge takes the node's `next` handle when it has one, else every handle still unconnected.
 * Everything that cannot be carried over is dropped and reported.
 */
export function mapEdges(edges: readonly WhatomateEdge[], nodes: MappedNodes, log: IssueLog): FlowEdge[] {
  const ids = new UniqueIds();
  const connected = new Map<string, Set<string>>();
  const placed: FlowEdge[][] = edges.map(() => []);
  const defaults: PendingDefault[] = [];

  const connect = (edgeIndex: number, source: MappedNode, handle: string, target: MappedNode): void => {
    const id = ids.allocate(`e-${source.node.id}-${handle}`, "edge");
    placed[edgeIndex]?.push({ id, source: source.node.id, sourceHandle: handle, target: target.node.id });
    const handles = connected.get(source.node.id) ?? new Set<string>();
    handles.add(handle);
    connected.set(source.node.id, handles);
  };
  const isConnected = (source: MappedNode, handle: string): boolean => connected.get(source.node.id)?.has(handle) ?? false;

  edges.forEach((edge, edgeIndex) => {
    const pointer = `/edges/${edgeIndex}`;
    const condition = (edge.condition ?? "").trim().toLowerCase() || DEFAULT_CONDITION;
    const source = nodes.bySourceId.get(edge.from);
    const target = nodes.bySourceId.get(edge.to);
    const shown = `edge ${edgeIndex} (${edge.from} → ${edge.to}, "${condition}")`;
    if (source === undefined) return log.error(`${shown} leaves node "${edge.from}", which does not exist; dropped`, { path: `${pointer}/from` });
    const where = { nodeId: source.node.id, path: pointer };
    if (target === undefined) return log.error(`${shown} enters node "${edge.to}", which does not exist; dropped`, { ...where, path: `${pointer}/to` });
    if (source.mapper === undefined) return log.error(`${shown} dropped: its source node was replaced by a hang-up`, where);
    if (source.terminal) return log.error(`${shown} dropped: a ${source.node.type} node ends the flow and has no outcomes`, where);
    if (condition === DEFAULT_CONDITION) {
      defaults.push({ edgeIndex, source, target });
      return;
    }
    const handle = source.mapper.handle(condition);
    const conditionWhere = { ...where, path: `${pointer}/condition` };
    if (handle === undefined) {
      const reason = source.mapper.unsupported?.get(condition) ?? `a ${source.source.type} node has no outcome "${condition}" in Switchboard`;
      return log.error(`${shown} dropped: ${reason}`, conditionWhere);
    }
    if (!source.handles.includes(handle)) {
      return log.error(`${shown} dropped: node "${source.node.id}" has no handle "${handle}" (it has ${source.handles.join(", ")})`, conditionWhere);
    }
    if (isConnected(source, handle)) {
      return log.error(`${shown} dropped: another edge already follows "${condition}" from this node, and Switchboard follows one edge per outcome`, where);
    }
    connect(edgeIndex, source, handle, target);
  });

  const defaulted = new Set<string>();
  for (const { edgeIndex, source, target } of defaults) {
    const where = { nodeId: source.node.id, path: `/edges/${edgeIndex}` };
    const shown = `the "default" edge ${edgeIndex} of node "${source.node.id}"`;
    if (defaulted.has(source.node.id)) {
      log.error(`${shown} dropped: the node has another default edge`, where);
      continue;
    }
    defaulted.add(source.node.id);
    const handles = source.handles.includes("next") ? ["next"] : source.handles.filter((handle) => !isConnected(source, handle));
    const open = handles.filter((handle) => !isConnected(source, handle));
    if (open.length === 0) {
      log.warn(`${shown} dropped: every outcome of the node already has an edge`, where);
      continue;
    }
    for (const handle of open) connect(edgeIndex, source, handle, target);
    if (!source.handles.includes("next")) {
      log.warn(`${shown} was expanded to one edge per unconnected outcome: ${open.join(", ")}`, where);
    }
  }
  return placed.flat();
}
