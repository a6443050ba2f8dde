import type { z } from "zod";
import { FlowNode } from "../../document";
import { toPointer } from "../../json-pointer";
import { Identifier } from "../../primitives";
import { isRecord } from "../is-record";
import type { IssueLog } from "../issue-log";
import { withoutUndefined } from "../without-undefined";
import { nodeHandles } from "../whatomate/node-handles";
import { UniqueIds } from "../whatomate/unique-ids";
import { studioMappers } from "./mappers";
import { type KeyMenuPlan, planKeyMenus } from "./plan-key-menus";
import { planReplies } from "./plan-replies";
import { placeholderWidget } from "./placeholder-widget";
import type { StudioFlow, StudioState } from "./source-flow";
import type { MappedWidget, ReplyPlan } from "./widget-mapper";
import { WidgetProperties } from "./widget-properties";
import type { WidgetRef } from "./widget-refs";

/** One widget and the node it became. */
export interface MappedState {
  /** Index in `states`. */
  index: number;
  state: StudioState;
  node: FlowNode;
  handlesFor: MappedWidget["handles"];
  /** The handles the node offers. */
  handles: string[];
}

export interface MappedWidgets {
  /** Every widget but the trigger, in order. */
  states: MappedState[];
  /** Widget name → node id, for every widget (the trigger too: its id is kept free for a start node). */
  ids: ReadonlyMap<string, string>;
  /** Variables read that come from outside the flow: the message that started it, `flow.data` values. */
  inputs: ReadonlySet<string>;
}

const ROW_HEIGHT = 160;

/** Converts every widget except the trigger: ids from names, properties mapped, failures made placeholders. */
export function mapWidgets(flow: StudioFlow, log: IssueLog, calledFlow = false): MappedWidgets {
  const ids = assignIds(flow, log);
  const plans = planReplies(flow);
  const keyMenus = planKeyMenus(flow);
  const refs = new Map<string, WidgetRef>();
  for (const state of flow.states) {
    const nodeId = ids.get(state.name);
    const kind = keyMenus.has(state.name) ? "menu" : plans.get(state.name)?.kind;
    if (nodeId !== undefined && !refs.has(state.name)) refs.set(state.name, { nodeId, results: resultsOf(state, kind) });
  }
  const states: MappedState[] = [];
  const inputs = new Set<string>();
  flow.states.forEach((state, index) => {
    if (state.type === "trigger") return;
    const nodeId = ids.get(state.name);
    if (nodeId === undefined || refs.get(state.name)?.nodeId !== nodeId || states.some((mapped) => mapped.node.id === nodeId)) return;
    const reply = plans.get(state.name);
    states.push(mapWidget(state, index, nodeId, log, { refs, inputs, calledFlow }, reply, keyMenus.get(state.name)));
  });
  return { states, ids, inputs };
}

function resultsOf(state: StudioState, reply: "menu" | "gather" | undefined): WidgetRef["results"] {
  switch (state.type) {
    case "gather-input-on-call":
      return reply ?? "gather";
    case "send-and-wait-for-reply":
      return reply ?? "gather";
    case "make-http-request":
    case "run-function":
      return "http";
    case "set-variables":
      return "variables";
    default:
      return "none";
  }
}

/** Names that are valid ids stay; others get derived ids. A name used twice: the second widget is dropped, reported. */
function assignIds(flow: StudioFlow, log: IssueLog): Map<string, string> {
  const unique = new UniqueIds();
  const ids = new Map<string, string>();
  for (const state of flow.states) if (Identifier.safeParse(state.name).success && !ids.has(state.name) && unique.reserve(state.name)) ids.set(state.name, state.name);
  flow.states.forEach((state, index) => {
    if (ids.has(state.name)) {
      if (flow.states.findIndex((other) => other.name === state.name) !== index) {
        log.error(`widget name "${state.name}" is used by more than one widget; this one is dropped`, { path: `/states/${index}/name` });
      }
      return;
    }
    const id = unique.allocate(state.name, `widget-${index + 1}`);
    ids.set(state.name, id);
    log.warn(`widget "${state.name}" is node "${id}" (a node id has 1-64 letters, digits, '_' or '-')`, { nodeId: id, path: `/states/${index}/name` });
  });
  return ids;
}

function mapWidget(
  state: StudioState,
  index: number,
  nodeId: string,
  log: IssueLog,
  scope: { refs: ReadonlyMap<string, WidgetRef>; inputs: Set<string>; calledFlow: boolean },
  reply: ReplyPlan | undefined,
  keyMenu: KeyMenuPlan | undefined,
): MappedState {
  const pointer = `/states/${index}`;
  const properties = new WidgetProperties(state.properties, { id: nodeId, name: state.name, pointer }, log, scope.refs, scope.inputs);
  const position = readOffset(properties, index);
  const label = state.name.slice(0, 100);
  const mapper = studioMappers.get(state.type);
  let mapped: MappedWidget;
  if (mapper === undefined) {
    for (const key of Object.keys(state.properties)) properties.raw(key);
    mapped = placeholderWidget(state, `Switchboard has no node for the Studio widget type "${state.type}"`);
    mapped.mappedTo = `a placeholder: Switchboard has no node for the widget type "${state.type}"`;
  } else {
    mapped = mapper.map({ state, properties, nodeId, calledFlow: scope.calledFlow, ...(reply === undefined ? {} : { reply }), ...(keyMenu === undefined ? {} : { keyMenu }) });
  }
  let parsed = FlowNode.safeParse({ id: nodeId, type: mapped.type, label, position, data: withoutUndefined(mapped.data) });
  if (!parsed.success) {
    const target = mapped.type;
    log.error(`${state.name}: could not be converted to a ${target} node (${describe(parsed.error)}); it is a placeholder that keeps the widget`, { nodeId, path: `${pointer}/properties` });
    mapped = placeholderWidget(state, `it could not be converted: ${describe(parsed.error)}`, target);
    parsed = FlowNode.safeParse({ id: nodeId, type: mapped.type, label, position, data: mapped.data });
  } else if (mapped.type === "placeholder") {
    log.error(`${state.name}: ${state.type} becomes ${mapped.mappedTo ?? "a placeholder"}; the validator flags it until it is replaced`, { nodeId, path: `${pointer}/type` });
  } else if (mapped.mappedTo !== undefined) {
    log.warn(`${state.name}: ${state.type} becomes ${mapped.mappedTo}`, { nodeId, path: `${pointer}/type` });
  }
  if (!parsed.success) throw new Error(`placeholder for ${state.name} does not parse: ${describe(parsed.error)}`);
  for (const key of properties.unusedKeys()) properties.warn(`${key} has no Switchboard equivalent; it is not carried over`, key);
  const node = parsed.data;
  return { index, state, node, handlesFor: mapped.handles, handles: nodeHandles(node) };
}

/** `properties.offset` {x, y}: where the widget sits on Studio's canvas, and so on ours. */
function readOffset(properties: WidgetProperties, index: number): { x: number; y: number } {
  const offset = properties.raw("offset");
  const x = isRecord(offset) ? Number(offset.x) : Number.NaN;
  const y = isRecord(offset) ? Number(offset.y) : Number.NaN;
  if (Number.isFinite(x) && Number.isFinite(y)) return { x, y };
  if (offset !== undefined) properties.warn("offset should be {x, y}; the node is placed in a column", "offset");
  return { x: 0, y: index * ROW_HEIGHT };
}

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${toPointer(issue.path).replace(/^\/data/, "") || "/"}: ${issue.message}`).join("; ");
}
