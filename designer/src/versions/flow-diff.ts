import { z } from "zod";

/*
 * What changed between two flow documents, node by node. Documents are read loosely: a draft in
 * progress may not be a valid flow, and the diff should still say what it can.
 */

const DiffNode = z.looseObject({
  id: z.string(),
  type: z.string().catch("unknown"),
  label: z.string().optional().catch(undefined),
  position: z.unknown().optional(),
  data: z.unknown().optional(),
});
const DiffEdge = z.looseObject({ source: z.string(), sourceHandle: z.string(), target: z.string() });
const DiffDocument = z.looseObject({
  name: z.string().optional().catch(undefined),
  entry: z.string().optional().catch(undefined),
  nodes: z.array(z.unknown()).catch([]),
  edges: z.array(z.unknown()).catch([]),
  variables: z.unknown().optional(),
  settings: z.unknown().optional(),
  description: z.unknown().optional(),
});

export type NodeAspect = "type" | "label" | "data" | "edges" | "position";

export interface NodeRef {
  id: string;
  type: string;
  label?: string;
}

export interface ChangedNode extends NodeRef {
  /** What differs; `position` alone means it only moved. */
  aspects: NodeAspect[];
}

export interface FlowDiff {
  added: NodeRef[];
  removed: NodeRef[];
  /** Nodes whose type, label, data or outgoing edges changed (maybe moved too). */
  changed: ChangedNode[];
  /** Nodes that only moved on the canvas. */
  moved: NodeRef[];
  /** Flow-level fields that changed: name, description, entry, variables, settings. */
  flow: Array<"name" | "description" | "entry" | "variables" | "settings">;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** JSON equality that ignores the order of object keys (and keys set to undefined). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => sameJson(item, b[index]));
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keysA = Object.keys(a).filter((key) => a[key] !== undefined);
  const keysB = Object.keys(b).filter((key) => b[key] !== undefined);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => b[key] !== undefined && sameJson(a[key], b[key]));
}

type ParsedNode = z.infer<typeof DiffNode>;

function nodesOf(nodes: readonly unknown[]): Map<string, ParsedNode> {
  const byId = new Map<string, ParsedNode>();
  for (const node of nodes) {
    const parsed = DiffNode.safeParse(node);
    if (parsed.success && !byId.has(parsed.data.id)) byId.set(parsed.data.id, parsed.data);
  }
  return byId;
}

/** Outgoing edges by node, as sorted "handle→target" strings (edge ids do not matter). */
function outgoingOf(edges: readonly unknown[]): Map<string, string[]> {
  const bySource = new Map<string, string[]>();
  for (const edge of edges) {
    const parsed = DiffEdge.safeParse(edge);
    if (!parsed.success) continue;
    const list = bySource.get(parsed.data.source) ?? [];
    list.push(`${parsed.data.sourceHandle}→${parsed.data.target}`);
    bySource.set(parsed.data.source, list);
  }
  for (const list of bySource.values()) list.sort();
  return bySource;
}

const ref = (node: ParsedNode): NodeRef => ({ id: node.id, type: node.type, ...(node.label === undefined ? {} : { label: node.label }) });

/** What `after` (the draft) changes in `before` (the live version; null when none: all is new). */
export function diffFlows(before: unknown, after: unknown): FlowDiff {
  const next = DiffDocument.parse(typeof after === "object" && after !== null ? after : {});
  const nextNodes = nodesOf(next.nodes);
  if (before === null) return { added: [...nextNodes.values()].map(ref), removed: [], changed: [], moved: [], flow: [] };
  const prev = DiffDocument.parse(typeof before === "object" ? before : {});
  const prevNodes = nodesOf(prev.nodes);
  const prevOut = outgoingOf(prev.edges);
  const nextOut = outgoingOf(next.edges);

  const diff: FlowDiff = { added: [], removed: [], changed: [], moved: [], flow: [] };
  for (const [id, node] of nextNodes) {
    const old = prevNodes.get(id);
    if (!old) {
      diff.added.push(ref(node));
      continue;
    }
    const aspects: NodeAspect[] = [];
    if (old.type !== node.type) aspects.push("type");
    if ((old.label ?? "") !== (node.label ?? "")) aspects.push("label");
    if (!sameJson(old.data ?? {}, node.data ?? {})) aspects.push("data");
    if (!sameJson(prevOut.get(id) ?? [], nextOut.get(id) ?? [])) aspects.push("edges");
    const moved = !sameJson(old.position, node.position);
    if (aspects.length > 0) diff.changed.push({ ...ref(node), aspects: moved ? [...aspects, "position"] : aspects });
    else if (moved) diff.moved.push(ref(node));
  }
  for (const [id, node] of prevNodes) if (!nextNodes.has(id)) diff.removed.push(ref(node));
  for (const field of ["name", "description", "entry", "variables", "settings"] as const) {
    if (!sameJson(prev[field] ?? null, next[field] ?? null)) diff.flow.push(field);
  }
  return diff;
}

/** Whether the draft differs from the live version in anything but node positions. */
export function hasChanges(diff: FlowDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length + diff.flow.length > 0;
}
