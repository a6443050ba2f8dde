import type { FlowDocument } from "../../../flow-schema/document";
import { formatDuration } from "./duration";
import { versionKey } from "./flow-version-ref";
import { nodeFacts } from "./node-facts";
import { outcomeText } from "./outcome-text";
import type { SessionStep } from "./sessions-api";
import { isHandle, returnedOutcome, staysAtNode } from "./step-outcome";
import { visitNumbers } from "./visit-numbers";

export type TimelineKind = "handle" | "stay" | "goto" | "ended" | "other";

/** One line of a session's timeline. */
export interface TimelineItem {
  seq: number;
  /** The flow version (`versionKey`) the step ran on. */
  key: string;
  flowId: string;
  version: number | null;
  nodeId: string;
  nodeType: string;
  label: string;
  typeTitle: string;
  outcome: string | null;
  outcomeText: string;
  kind: TimelineKind;
  input: string | null;
  at: string;
  /** Time since the session started. */
  offsetMs: number;
  offsetText: string;
  /** The visit number when the step enters its node; undefined when it continues there. */
  visit: number | undefined;
  /** The first step on another flow version than the previous step's (after a goto_flow). */
  newFlow: boolean;
}

function kindOf(outcome: string | null): TimelineKind {
  if (isHandle(outcome)) return "handle";
  if (staysAtNode(outcome)) return "stay";
  if (outcome === "goto" || outcome === "call" || returnedOutcome(outcome) !== undefined) return "goto";
  if (outcome === "ended") return "ended";
  return "other";
}

/** A session's steps as timeline items, with node names and type titles from the documents it ran on (by `versionKey`). */
export function timelineItems(
  session: { startedAt: string; endReason: string | null },
  steps: readonly SessionStep[],
  documents: ReadonlyMap<string, FlowDocument>,
): TimelineItem[] {
  const start = Date.parse(session.startedAt);
  const visits = visitNumbers(steps);
  return steps.map((step, index) => {
    const key = versionKey(step.flowId, step.version);
    const node = documents.get(key)?.nodes.find((candidate) => candidate.id === step.nodeId);
    const facts = nodeFacts(node, step);
    const previous = steps[index - 1];
    const next = steps[index + 1];
    const gotoFlow = next && next.flowId !== step.flowId ? next.flowId : node?.type === "goto_flow" || node?.type === "subflow" ? node.data.flowId : undefined;
    const offsetMs = Math.max(0, Date.parse(step.at) - start);
    return {
      seq: step.seq,
      key,
      flowId: step.flowId,
      version: step.version,
      nodeId: step.nodeId,
      nodeType: step.nodeType,
      label: facts.label,
      typeTitle: facts.typeTitle,
      outcome: step.outcome,
      outcomeText: outcomeText(step.outcome, {
        nodeType: step.nodeType,
        handles: facts.handles,
        gotoFlow,
        endReason: next === undefined ? session.endReason : undefined,
      }),
      kind: kindOf(step.outcome),
      input: step.input,
      at: step.at,
      offsetMs,
      offsetText: `+${formatDuration(offsetMs)}`,
      visit: visits[index],
      newFlow: previous !== undefined && versionKey(previous.flowId, previous.version) !== key,
    };
  });
}
