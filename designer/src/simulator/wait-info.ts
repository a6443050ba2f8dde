import type { SessionStep, SessionStateView, SimChannel, SimulationResult } from "./simulator-api";
import type { ChoiceOption } from "./transcript";

/** What a simulated session waits for, as far as the panel knows. */
export type WaitInfo =
  | {
      kind: "input";
      nodeId: string;
      /** menu: one key chooses; digits: a gather entry; text: any reply (an ai_agent). */
      mode: "menu" | "digits" | "text";
      input: "dtmf" | "speech" | "both" | "text";
      terminator?: "#" | "*";
      maxDigits?: number;
      options: ChoiceOption[];
    }
  | { kind: "transfer"; nodeId: string; teamId: string | null }
  | { kind: "http"; nodeId: string }
  | { kind: "dial"; nodeId: string; to: string | null };

/** The wait after a response of the simulator API; `previous` is kept when the event was ignored. */
export function waitFromResult(result: SimulationResult, previous: WaitInfo | null, channel: SimChannel): WaitInfo | null {
  if (result.status !== "waiting" || result.waitingFor === null) return null;
  const nodeId = result.currentNodeId ?? "";
  if (result.waitingFor === "input") {
    const collect = result.effects.findLast((effect) => effect.type === "collect");
    if (collect?.type === "collect") {
      return {
        kind: "input",
        nodeId: collect.nodeId,
        mode: collect.mode,
        input: collect.input,
        ...(collect.terminator === undefined ? {} : { terminator: collect.terminator }),
        ...(collect.maxDigits === undefined ? {} : { maxDigits: collect.maxDigits }),
        options: (collect.options ?? []).map(({ key, label }) => ({ key, label })),
      };
    }
  }
  if (result.waitingFor === "transfer") {
    const transfer = result.effects.findLast((effect) => effect.type === "transfer");
    if (transfer?.type === "transfer") return { kind: "transfer", nodeId: transfer.nodeId, teamId: transfer.teamId };
  }
  if (result.waitingFor === "dial") {
    const dial = result.effects.findLast((effect) => effect.type === "dial");
    if (dial?.type === "dial") return { kind: "dial", nodeId: dial.nodeId, to: dial.to };
  }
  if (previous && previous.kind === result.waitingFor && previous.nodeId === nodeId) return previous;
  return guessedWait(result.waitingFor, nodeId, undefined, channel);
}

function guessedWait(kind: "input" | "http" | "transfer" | "ai" | "dial", nodeId: string, nodeType: string | undefined, channel: SimChannel): WaitInfo {
  if (kind === "http" || kind === "ai") return { kind: "http", nodeId };
  if (kind === "dial") return { kind: "dial", nodeId, to: null };
  if (kind === "transfer") return { kind: "transfer", nodeId, teamId: null };
  return { kind: "input", nodeId, mode: nodeType === "gather" ? "digits" : "menu", input: channel === "chat" ? "text" : "dtmf", options: [] };
}

/**
 * The wait read back from the stored session (after a timer or an HTTP result moved it on its
 * own): the previous one when it is the same wait, else what the node's type says.
 */
export function waitFromState(state: SessionStateView, steps: readonly SessionStep[], previous: WaitInfo | null, channel: SimChannel): WaitInfo | null {
  const waiting = state.waiting;
  if (state.status !== "waiting" || waiting === null) return null;
  if (previous && previous.kind === waiting.kind && previous.nodeId === waiting.nodeId) return previous;
  const nodeType = steps.findLast((step) => step.nodeId === waiting.nodeId)?.nodeType;
  return guessedWait(waiting.kind, waiting.nodeId, nodeType, channel);
}
