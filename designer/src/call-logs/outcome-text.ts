import type { OutputHandle } from "../../../flow-schema/nodes/node-definition";
import { endReasonText } from "./end-reason-text";
import { returnedOutcome } from "./step-outcome";

const WAITING_FOR: Record<string, string> = {
  menu: "waiting for a choice",
  gather: "waiting for digits",
  http: "waiting for the response",
  transfer: "waiting for an agent",
};

export interface OutcomeContext {
  nodeType: string;
  /** The node's handles with their labels (from the catalog), when its document is known. */
  handles: readonly OutputHandle[];
  /** The flow a goto_flow node went to. */
  gotoFlow?: string | undefined;
  /** The session's end reason, for the step that ended it. */
  endReason?: string | null | undefined;
}

/** A step's outcome in words: the handle's label (`1 · Sales`), or what happened at the node. */
export function outcomeText(outcome: string | null, context: OutcomeContext): string {
  switch (outcome) {
    case null:
      return "—";
    case "waiting":
      return WAITING_FOR[context.nodeType] ?? "waiting";
    case "no_input":
      return "no input, asked again";
    case "invalid":
      return "invalid input, asked again";
    case "goto":
      return context.gotoFlow ? `went to flow ${context.gotoFlow}` : "went to another flow";
    case "call":
      return context.gotoFlow ? `called flow ${context.gotoFlow}` : "called a subflow";
    case "ended":
      return context.endReason ? `ended: ${endReasonText(context.endReason)}` : "ended";
    default:
      if (returnedOutcome(outcome) !== undefined) return `returned ${returnedOutcome(outcome)}`;
      return context.handles.find((handle) => handle.id === outcome)?.label ?? outcome;
  }
}
