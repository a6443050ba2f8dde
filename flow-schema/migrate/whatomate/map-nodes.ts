import type { z } from "zod";
import { FlowNode } from "../../document";
import { toPointer } from "../../json-pointer";
import { nodeCatalog } from "../../nodes/catalog";
import { Identifier } from "../../primitives";
import type { IssueLog } from "../issue-log";
import { withoutUndefined } from "../without-undefined";
import { ConfigReader } from "./config-reader";
import { whatomateMappers } from "./mappers";
import type { NodeMapper } from "./node-mapper";
import { nodeHandles } from "./node-handles";
import type { WhatomateGraph, WhatomateNode } from "./source-graph";
import { UniqueIds } from "./unique-ids";

/** One source node and what it became. */
export interface MappedNode {
  /** Index in the source `nodes`. */
  index: number;
  source: WhatomateNode;
  node: FlowNode;
  /** Undefined when the node was replaced by a hang-up (unknown type, or config that could not be converted). */
  mapper: NodeMapper | undefined;
  /** The handles the produced node offers. */
  handles: string[];
  terminal: boolean;
}

export interface MappedNodes {
  nodes: MappedNode[];
  /** Source id → the node it names (the first node, when an id is used twice). */
  bySourceId: ReadonlyMap<string, MappedNode>;
}

const ROW_HEIGHT = 160;

/** Converts every node: ids made valid and unique, configs mapped, failures replaced by hang-ups. */
export function mapNodes(graph: WhatomateGraph, log: IssueLog): MappedNodes {
  const ids = assignIds(graph, log);
  const nodes: MappedNode[] = graph.nodes.map((source, index) => mapNode(source, index, ids[index] ?? `node-${index + 1}`, log));
  const bySourceId = new Map<string, MappedNode>();
  for (const mapped of nodes) if (!bySourceId.has(mapped.source.id)) bySourceId.set(mapped.source.id, mapped);
  return { nodes, bySourceId };
}

/** Valid, first-seen ids are kept; the others get derived ids that no kept id can collide with. */
function assignIds(graph: WhatomateGraph, log: IssueLog): string[] {
  const ids = new UniqueIds();
  const assigned: Array<string | undefined> = graph.nodes.map((node) => (Identifier.safeParse(node.id).success && ids.reserve(node.id) ? node.id : undefined));
  const seen = new Set<string>();
  return graph.nodes.map((node, index) => {
    const duplicate = seen.has(node.id);
    seen.add(node.id);
    const kept = assigned[index];
    if (kept !== undefined) return kept;
    const id = ids.allocate(node.id, `node-${index + 1}`);
    const where = { nodeId: id, path: `/nodes/${index}/id` };
    if (duplicate) {
      log.error(`node id "${node.id}" is used by more than one node; this one is now "${id}", and edges naming "${node.id}" lead to the first`, where);
    } else {
      log.warn(`node id "${node.id}" is not a valid Switchboard id (1-64 letters, digits, '_' or '-'); it is now "${id}"`, where);
    }
    return id;
  });
}

function mapNode(source: WhatomateNode, index: number, id: string, log: IssueLog): MappedNode {
  const pointer = `/nodes/${index}`;
  const label = cleanLabel(source.label);
  const position = source.position ?? { x: 0, y: index * ROW_HEIGHT };
  const mapper = whatomateMappers.get(source.type);
  if (mapper === undefined) {
    log.error(`node "${label ?? source.id}" has type "${source.type}", which Switchboard cannot import (known: ${[...whatomateMappers.keys()].join(", ")}); it was replaced by a hang-up`, {
      nodeId: id,
      path: `${pointer}/type`,
    });
    return placeholder(source, index, id, `Unsupported: ${source.type}`, position);
  }
  const config = new ConfigReader(source.config ?? {}, { id, name: label ?? source.id, pointer }, log);
  const parsed = FlowNode.safeParse({ id, type: mapper.type, ...(label === undefined ? {} : { label }), position, data: withoutUndefined(mapper.data(config)) });
  if (!parsed.success) {
    log.error(`node "${label ?? source.id}" (${source.type}) could not be converted (${describe(parsed.error)}); it was replaced by a hang-up`, {
      nodeId: id,
      path: `${pointer}/config`,
    });
    return placeholder(source, index, id, `Could not import: ${source.type}`, position);
  }
  for (const key of config.unusedKeys()) {
    config.warn(`config key "${key}" has no Switchboard equivalent; it was dropped`, key);
  }
  return { index, source, node: parsed.data, mapper, handles: nodeHandles(parsed.data), terminal: nodeCatalog[mapper.type].terminal };
}

function placeholder(source: WhatomateNode, index: number, id: string, label: string, position: { x: number; y: number }): MappedNode {
  const node: FlowNode = { id, type: "hangup", label: label.slice(0, 100), position, data: {} };
  return { index, source, node, mapper: undefined, handles: [], terminal: true };
}

function cleanLabel(label: string | undefined): string | undefined {
  const trimmed = label?.trim() ?? "";
  return trimmed === "" ? undefined : trimmed.slice(0, 100);
}

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${toPointer(issue.path).replace(/^\/data/, "") || "/"}: ${issue.message}`).join("; ");
}
