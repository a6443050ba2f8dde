import type { FlowEdge, FlowNode } from "../../document";
import type { ImportIssue } from "../import-issue";
import { importStudio } from "./import-studio";

/** Test support: builds Studio flow definitions and imports single widgets. */

export interface SourceWidget {
  name: string;
  type: string;
  properties?: Record<string, unknown>;
  transitions?: Array<Record<string, unknown>>;
}

/** A Studio flow: a trigger whose `event` (incomingCall by default) leads to the first widget. */
export function studioFlow(widgets: SourceWidget[], event = "incomingCall"): Record<string, unknown> {
  return {
    description: "Test flow",
    states: [
      { name: "Trigger", type: "trigger", transitions: [{ event, next: widgets[0]?.name }], properties: { offset: { x: 0, y: 0 } } },
      ...widgets.map((widget, index) => ({ transitions: [], properties: { offset: { x: 0, y: (index + 1) * 200 } }, ...widget })),
    ],
    initial_state: "Trigger",
  };
}

/** The widget name `importWidget` wires an event to: `noMatch` → `to_noMatch`. */
export function targetOf(event: string): string {
  return `to_${event.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

export interface ImportedWidget {
  node: FlowNode;
  /** Edges leaving the node, as handle → target. */
  handles: Record<string, string>;
  edges: FlowEdge[];
  /** The issues about the subject widget. */
  issues: ImportIssue[];
}

/**
 * Imports one widget of `type` (named `subject`) with `properties`; each of `events` becomes a
 * transition to its own say-play (see targetOf). `transitions` replaces them when given.
 */
export function importWidget(
  type: string,
  properties: Record<string, unknown>,
  events: string[] = [],
  options: { transitions?: Array<Record<string, unknown>>; trigger?: string; extra?: SourceWidget[] } = {},
): ImportedWidget {
  const transitions = options.transitions ?? events.map((event) => ({ event, next: targetOf(event) }));
  const targets = [...new Set(transitions.map((transition) => transition.next).filter((next) => typeof next === "string"))];
  const flow = studioFlow(
    [
      { name: "subject", type, properties: { offset: { x: 10, y: 20 }, ...properties }, transitions },
      ...targets.map((name) => ({ name: String(name), type: "say-play", properties: { say: "Bye" } })),
      ...(options.extra ?? []),
    ],
    options.trigger,
  );
  const { document, issues } = importStudio(flow);
  const node = document.nodes.find((candidate) => candidate.id === "subject");
  if (node === undefined) throw new Error("the subject node is missing");
  const edges = document.edges.filter((edge) => edge.source === "subject");
  // Only the subject's issues: its targets (say-plays that end the call) have their own.
  const own = issues.filter((issue) => issue.nodeId === "subject" || issue.path?.startsWith("/states/1/"));
  return { node, handles: Object.fromEntries(edges.map((edge) => [edge.sourceHandle, edge.target])), edges, issues: own };
}

/** The messages of the issues (of one severity), for compact assertions. */
export function messages(issues: readonly ImportIssue[], severity?: ImportIssue["severity"]): string[] {
  return issues.filter((issue) => severity === undefined || issue.severity === severity).map((issue) => issue.message);
}
