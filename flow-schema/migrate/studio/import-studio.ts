import { CURRENT_SCHEMA_VERSION, type FlowEdge, FlowDocument, type FlowNode } from "../../document";
import { escapeSegment } from "../../json-pointer";
import { FlowId } from "../../primitives";
import { isRecord } from "../is-record";
import { IssueLog } from "../issue-log";
import { MigrationError } from "../migration-error";
import type { ImportOptions, ImportResult } from "../whatomate/import-whatomate";
import { unwrapStudioFlow } from "./is-studio-flow";
import { mapTransitions } from "./map-transitions";
import { type MappedState, mapWidgets } from "./map-widgets";
import { UniqueIds } from "../whatomate/unique-ids";
import { readTrigger } from "./read-trigger";
import { readStudioFlow } from "./source-flow";

export const DEFAULT_STUDIO_ID = "imported-studio";
export const DEFAULT_STUDIO_NAME = "Imported Studio flow";

/**
 * Converts a Twilio Studio flow definition (`{description, states, initial_state, flags}`, or a
 * flow resource wrapping it in `definition`) into a schemaVersion 1 document, reporting with JSON
 * pointers into the Studio file every property not carried over, every Liquid expression kept
 * verbatim and every widget that became something else. Throws a MigrationError when `input` is
 * not a Studio flow at all.
 *
 * Decisions: widgets Switchboard has no node for yet (send-message, record-voicemail, record-call,
 * connect-call-to several numbers, a SIM or a conference) and unknown widget types become placeholder nodes that keep
 * the widget, so the flow opens on the canvas with its shape, while the validator refuses to
 * publish it. A flow started by both calls and messages at different widgets starts at a condition
 * on `{{channel.kind}}`, named after the trigger.
 */
export function importStudio(input: unknown, options: ImportOptions = {}): ImportResult {
  const flow = readStudioFlow(unwrapStudioFlow(input));
  const { id, name } = readOptions(options, flow.description ?? (isRecord(input) && typeof input.friendly_name === "string" ? input.friendly_name : undefined));
  const log = new IssueLog();
  const starts = readTrigger(flow, log);
  const widgets = mapWidgets(flow, log, starts.parent === true);
  const edges = mapTransitions(widgets.states, widgets.ids, log);
  const nodes: FlowNode[] = widgets.states.map((mapped) => mapped.node);
  if (starts.parent === true) returnWhereStudioStops(widgets.states, nodes, edges);
  const idOf = (widget: string | undefined) => (widget === undefined ? undefined : widgets.ids.get(widget));
  let entry = idOf(starts.voice ?? starts.chat ?? starts.other);
  if (starts.voice !== undefined && starts.chat !== undefined && starts.voice !== starts.chat) {
    const split = channelSplit(flow.states[starts.index ?? 0]?.name ?? "Trigger", widgets.ids, idOf(starts.voice), idOf(starts.chat), flow.states[starts.index ?? 0]?.properties.offset);
    if (split !== undefined) {
      nodes.unshift(split.node);
      edges.unshift(...split.edges);
      entry = split.node.id;
      log.warn(`calls start at "${starts.voice}" and messages at "${starts.chat}": the flow starts at a condition on {{channel.kind}} that sends each to its own start`, {
        nodeId: split.node.id,
        path: `/states/${starts.index ?? 0}/transitions`,
      });
    }
  }
  if (entry === undefined || !nodes.some((node) => node.id === entry)) {
    const first = nodes[0]?.id;
    log.error(`the trigger starts nothing (no incomingCall or incomingMessage with a next widget); the flow starts at "${first ?? ""}"`, { path: starts.index === undefined ? "/initial_state" : `/states/${starts.index}/transitions` });
    entry = first;
  }
  for (const [flag, value] of Object.entries(flow.flags ?? {})) {
    log.warn(`flag ${flag} (${JSON.stringify(value)}) has no Switchboard equivalent; it is not carried over`, { path: `/flags/${escapeSegment(flag)}` });
  }
  const document = FlowDocument.parse({
    schemaVersion: CURRENT_SCHEMA_VERSION,
    id,
    name,
    description: "Imported from Twilio Studio",
    entry,
    nodes,
    edges,
    // A flow another flow calls (its trigger's incomingParent) takes its {{flow.data.x}} as inputs; any other flow declares them.
    ...(widgets.inputs.size > 0 && starts.parent
      ? { inputs: Object.fromEntries([...widgets.inputs].sort().map((name) => [name, { type: "string", default: "" }])) }
      : widgets.inputs.size > 0
        ? { variables: Object.fromEntries([...widgets.inputs].sort().map((name) => [name, ""])) }
        : {}),
    ...(starts.channels.length > 0 ? { settings: { channels: starts.channels } } : {}),
  });
  return { document, issues: log.issues };
}

/**
 * In a subflow, Studio returns to the calling flow (its `completed`) wherever a path stops: every
 * outcome left unconnected (but a transfer's hand-off and a placeholder's) leads to one return
 * node, outcome `completed`.
 */
function returnWhereStudioStops(states: readonly MappedState[], nodes: FlowNode[], edges: FlowEdge[]): void {
  const ids = new UniqueIds();
  for (const node of nodes) ids.reserve(node.id);
  const id = ids.allocate("return_completed");
  let connected = false;
  for (const { node, handles } of states) {
    if (node.type === "transfer" || node.type === "placeholder") continue;
    for (const handle of handles) {
      if (edges.some((edge) => edge.source === node.id && edge.sourceHandle === handle)) continue;
      edges.push({ id: ids.allocate(`e-${node.id}-${handle}`), source: node.id, sourceHandle: handle, target: id });
      connected = true;
    }
  }
  if (!connected) return;
  const bottom = Math.max(0, ...nodes.map((node) => node.position.y)) + 200;
  nodes.push({ id, type: "return", label: "Back to the calling flow", position: { x: 0, y: bottom }, data: { outcome: "completed", outputs: {} } });
}

/** A condition that sends calls to one start and messages to another. */
function channelSplit(
  triggerName: string,
  ids: ReadonlyMap<string, string>,
  voice: string | undefined,
  chat: string | undefined,
  offset: unknown,
): { node: FlowNode; edges: FlowEdge[] } | undefined {
  const id = ids.get(triggerName);
  if (id === undefined || voice === undefined || chat === undefined) return undefined;
  const position = isRecord(offset) && Number.isFinite(Number(offset.x)) && Number.isFinite(Number(offset.y)) ? { x: Number(offset.x), y: Number(offset.y) } : { x: 0, y: 0 };
  return {
    node: { id, type: "condition", label: "Call or message?", position, data: { rules: [{ id: "call", left: "{{channel.kind}}", operator: "equals", right: "voice" }] } },
    edges: [
      { id: `e-${id}-call`, source: id, sourceHandle: "match:call", target: voice },
      { id: `e-${id}-message`, source: id, sourceHandle: "no_match", target: chat },
    ],
  };
}

function readOptions(options: ImportOptions, description: string | undefined): { id: string; name: string } {
  const id = options.id ?? DEFAULT_STUDIO_ID;
  if (!FlowId.safeParse(id).success) {
    throw new MigrationError(`options.id "${id}" is not a valid flow id (1-100 letters, digits, '_', '.' or '-', starting with a letter or digit)`);
  }
  const name = (options.name ?? (description?.trim() || DEFAULT_STUDIO_NAME)).trim().slice(0, 200);
  if (name === "") throw new MigrationError("options.name must be 1-200 characters");
  return { id, name };
}
