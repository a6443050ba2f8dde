import { z } from "zod";
import { FlowDocument, FlowEdge } from "../document";
import { toPointer } from "../json-pointer";
import { type NodeType, isNodeType, NODE_TYPES, nodeCatalog } from "../nodes/catalog";
import type { CheckContext, NodeProblem, OutputHandle, PatternRef, TemplateRef } from "../nodes/node-definition";
import type { ChannelKind } from "../primitives";
import { Identifier, Position } from "../primitives";
import { type Diagnostic, diagnostic } from "./diagnostic";

/** What the catalog says of one node with valid data. */
export interface NodeFacts {
  outputs: OutputHandle[];
  /** The ids of `outputs`, for lookups. */
  outputIds: ReadonlySet<string>;
  templates: TemplateRef[];
  writes: string[];
  patterns: PatternRef[];
  channels: ChannelKind[];
  problems: NodeProblem[];
  optionalHandle: (handle: string, connected: ReadonlySet<string>) => boolean;
}

/** What the graph checks know of one node, even when its data is invalid. */
export interface NodeInfo {
  index: number;
  id: string;
  /** Undefined when the type is missing or unknown: the node is then kept in the graph but nothing is known of it. */
  type: NodeType | undefined;
  terminal: boolean;
  waitsForInput: boolean;
  /** Undefined when the data does not parse: its handles are then unknown. */
  facts: NodeFacts | undefined;
  pointer: string;
}

export interface EdgeInfo {
  index: number;
  id: string;
  source: string;
  sourceHandle: string;
  target: string;
  pointer: string;
}

export interface ParsedFlow {
  id: string | undefined;
  entry: string | undefined;
  nodes: NodeInfo[];
  edges: EdgeInfo[];
  declaredVariables: string[];
  channels: Array<"voice" | "chat"> | undefined;
}

const Envelope = FlowDocument.omit({ schemaVersion: true, nodes: true, edges: true }).extend({
  // validate() checks and reports schemaVersion itself, before parsing; reporting it here again would say it twice.
  schemaVersion: z.unknown().optional(),
  nodes: z.array(z.unknown()),
  edges: z.array(z.unknown()),
});

const NodeEnvelope = z.strictObject({
  id: Identifier,
  type: z.string(),
  label: z.string().max(100).optional(),
  position: Position,
  data: z.unknown(),
});

/** Reports every zod issue as `schema_invalid`, with a JSON pointer from `base`. */
function reportIssues(error: z.ZodError, base: Array<string | number>, out: Diagnostic[], where: { nodeId?: string; edgeId?: string } = {}): void {
  for (const issue of error.issues) {
    const path = [...base, ...issue.path];
    out.push(diagnostic("schema_invalid", `${toPointer(path) || "document"}: ${issue.message}`, { ...where, path: toPointer(path) }));
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === "string" ? value : undefined;
}

/**
 * Reads a version-1 document piece by piece, so that one bad node does not hide the graph:
 * every schema problem becomes a diagnostic and what can be read is kept for the graph checks.
 */
export function parseFlow(doc: Record<string, unknown>, context: CheckContext, out: Diagnostic[]): ParsedFlow {
  const envelope = Envelope.safeParse(doc);
  if (!envelope.success) reportIssues(envelope.error, [], out);

  const rawNodes = Array.isArray(doc.nodes) ? doc.nodes : [];
  const rawEdges = Array.isArray(doc.edges) ? doc.edges : [];
  const nodes: NodeInfo[] = [];
  rawNodes.forEach((raw, index) => {
    const info = parseNode(raw, index, context, out);
    if (info) nodes.push(info);
  });
  const edges: EdgeInfo[] = [];
  rawEdges.forEach((raw, index) => {
    const pointer = `/edges/${index}`;
    const parsed = FlowEdge.safeParse(raw);
    const record = isRecord(raw) ? raw : {};
    const id = stringField(record, "id");
    if (!parsed.success) reportIssues(parsed.error, ["edges", index], out, id === undefined ? {} : { edgeId: id });
    const source = stringField(record, "source");
    const sourceHandle = stringField(record, "sourceHandle");
    const target = stringField(record, "target");
    if (id !== undefined && source !== undefined && sourceHandle !== undefined && target !== undefined) {
      edges.push({ index, id, source, sourceHandle, target, pointer });
    }
  });

  // A called flow's inputs are set when it starts, like declared variables.
  const variables = [...(isRecord(doc.variables) ? Object.keys(doc.variables) : []), ...(isRecord(doc.inputs) ? Object.keys(doc.inputs) : [])];
  const settings = isRecord(doc.settings) ? doc.settings : {};
  const channels = Array.isArray(settings.channels)
    ? settings.channels.filter((c): c is "voice" | "chat" => c === "voice" || c === "chat")
    : undefined;
  return {
    id: stringField(doc, "id"),
    entry: stringField(doc, "entry"),
    nodes,
    edges,
    declaredVariables: variables,
    channels,
  };
}

function parseNode(raw: unknown, index: number, context: CheckContext, out: Diagnostic[]): NodeInfo | undefined {
  const pointer = `/nodes/${index}`;
  const record = isRecord(raw) ? raw : undefined;
  const id = record ? stringField(record, "id") : undefined;
  const where = id === undefined ? {} : { nodeId: id };
  const envelope = NodeEnvelope.safeParse(raw);
  if (!envelope.success) reportIssues(envelope.error, ["nodes", index], out, where);
  const type = record?.type;
  if (record && typeof type === "string" && !isNodeType(type)) {
    out.push(diagnostic("schema_invalid", `${pointer}/type: unknown node type "${type}"; expected one of ${NODE_TYPES.join(", ")}`, { ...where, path: `${pointer}/type` }));
  }
  if (id === undefined) return undefined;
  if (!isNodeType(type)) {
    // Keep it in the graph, so that a typo in one node's type does not make its edges dangle and the nodes after it
    // unreachable. Its handles are unknown (facts undefined), and it is not assumed to be part of a loop without input.
    return { index, id, type: undefined, terminal: false, waitsForInput: true, facts: undefined, pointer };
  }
  const definition = nodeCatalog[type];
  const parsed = nodeFacts(type, record?.data, context);
  if (!parsed.success) reportIssues(parsed.error, ["nodes", index, "data"], out, where);
  return {
    index,
    id,
    type,
    terminal: definition.terminal,
    waitsForInput: definition.waitsForInput,
    facts: parsed.success ? parsed.facts : undefined,
    pointer,
  };
}

type FactsResult = { success: true; facts: NodeFacts } | { success: false; error: z.ZodError };

/** Parses a node's data with its type's schema and asks the catalog about it. */
function nodeFacts<K extends NodeType>(type: K, raw: unknown, context: CheckContext): FactsResult {
  const definition = nodeCatalog[type];
  const parsed = definition.data.safeParse(raw);
  if (!parsed.success) return { success: false, error: parsed.error };
  const data = parsed.data;
  const outputs = definition.outputs(data);
  return {
    success: true,
    facts: {
      outputs,
      outputIds: new Set(outputs.map((output) => output.id)),
      templates: definition.templates(data),
      writes: definition.writes(data),
      patterns: definition.patterns(data),
      channels: definition.channels(data),
      problems: definition.check(data, context),
      optionalHandle: definition.optionalHandle,
    },
  };
}
