import type { CollectEffect, SessionStep, SimChannel, SimEffect, SimEvent } from "./simulator-api";

export interface ChoiceOption {
  key: string;
  label: string;
}

/** One line of the simulator's transcript, before it gets an id. */
export type TranscriptLine =
  | { kind: "bot"; nodeId: string; text: string; audio?: string; options?: ChoiceOption[] }
  | { kind: "caller"; text: string }
  | { kind: "wait"; nodeId: string; text: string }
  | { kind: "http"; nodeId: string; text: string; detail?: string }
  | { kind: "transfer"; nodeId: string; text: string; detail?: string }
  | { kind: "step"; nodeId: string; text: string; timedOut: boolean }
  | { kind: "end"; text: string };

const END_REASONS: Record<string, string> = {
  hangup_node: "the flow hung up",
  caller_hangup: "the caller hung up",
  abandoned: "the caller left while waiting for an agent",
  completed: "the call ended",
  busy: "the line was busy",
  failed: "the call failed",
  "no-answer": "nobody answered",
  canceled: "the call was canceled",
  unconnected_handle: "an outcome with no connection was taken",
  goto_target_missing: "the flow it goes to has no published version",
  transfer_handoff: "handed over to the agents",
  returned: "a return node ended a flow that no subflow called",
  node_missing: "a node is missing",
  placeholder_node: "it reached a node an import could not convert yet (replace it)",
  guard_steps: "stopped by a guard: too many steps",
  guard_same_node: "stopped by a guard: the same node too many times without input",
  guard_session_age: "stopped by a guard: the session is too old",
  guard_document_size: "stopped by a guard: the flow is too large",
};

/** "Ended: the flow hung up (hangup_node)". */
export function endText(reason: string | null): string {
  if (reason === null) return "Ended";
  const described = END_REASONS[reason];
  return described ? `Ended: ${described} (${reason})` : `Ended (${reason})`;
}

function seconds(value: number): string {
  return `${value} s`;
}

/** What a collect waits for, in words. */
export function collectText(collect: CollectEffect, channel: SimChannel): string {
  if (channel === "chat" || collect.input === "text") return `Waiting for a reply (times out after ${seconds(collect.timeoutSeconds)})`;
  if (collect.mode === "menu") {
    const how = collect.input === "dtmf" ? "a key" : collect.input === "speech" ? "speech" : "a key or speech";
    const options = (collect.options ?? []).map((option) => `${option.key} ${option.label}`).join(" · ");
    return `Waiting for ${how}${options ? `: ${options}` : ""} (times out after ${seconds(collect.timeoutSeconds)})`;
  }
  const min = collect.minDigits ?? 1;
  const range = collect.maxDigits === undefined ? `${min}+` : min === collect.maxDigits ? `${min}` : `${min}–${collect.maxDigits}`;
  const end = collect.terminator ? `, end with ${collect.terminator}` : "";
  return `Waiting for ${range} digits${end} (times out after ${seconds(collect.timeoutSeconds)})`;
}

const DIAL_TEXT = { completed: "was answered and ended", busy: "was busy", no_answer: "was not answered", failed: "failed" } as const;

/** The transcript lines for the effects of one response, in order. */
export function effectLines(effects: readonly SimEffect[], channel: SimChannel): TranscriptLine[] {
  const lines: TranscriptLine[] = [];
  for (const effect of effects) {
    switch (effect.type) {
      case "prompt":
        if (effect.text === undefined && effect.audio === undefined) break;
        lines.push({ kind: "bot", nodeId: effect.nodeId, text: effect.text ?? "", ...(effect.audio === undefined ? {} : { audio: effect.audio }) });
        break;
      case "message":
        lines.push({ kind: "bot", nodeId: effect.nodeId, text: effect.text, ...(effect.options?.length ? { options: effect.options } : {}) });
        break;
      case "collect":
        lines.push({ kind: "wait", nodeId: effect.nodeId, text: collectText(effect, channel) });
        break;
      case "http_request":
        lines.push({ kind: "http", nodeId: effect.nodeId, text: `HTTP ${effect.method} ${effect.url}`, ...(effect.body === undefined ? {} : { detail: effect.body }) });
        break;
      case "ai_turn":
        lines.push({ kind: "http", nodeId: effect.nodeId, text: `Model turn: ${effect.provider}${effect.model === undefined ? "" : ` · ${effect.model}`}`, ...(effect.tools?.length ? { detail: `tools: ${effect.tools.map((tool) => tool.name).join(", ")}` } : {}) });
        break;
      case "transfer":
        lines.push({
          kind: "transfer",
          nodeId: effect.nodeId,
          text: effect.endsFlow ? `Handing over to team ${effect.teamId} (${effect.priority} priority)` : `Transferring to team ${effect.teamId} (${effect.priority} priority)…`,
          ...(effect.waitingMessage === undefined ? {} : { detail: effect.waitingMessage }),
        });
        break;
      case "dial":
        lines.push({ kind: "transfer", nodeId: effect.nodeId, text: `Dialling ${effect.to} (rings ${seconds(effect.timeoutSeconds)})…`, ...(effect.callerId === undefined ? {} : { detail: `Caller id ${effect.callerId}` }) });
        break;
      case "end":
        lines.push({ kind: "end", text: endText(effect.reason) });
        break;
    }
  }
  return lines;
}

/** The caller's own line for an event they sent. `options` names buttons by their label. */
export function callerLine(event: SimEvent, options: readonly ChoiceOption[] = []): TranscriptLine {
  switch (event.type) {
    case "digits":
      return { kind: "caller", text: `Pressed ${event.digits}` };
    case "speech":
      return { kind: "caller", text: `Said “${event.text}”` };
    case "text":
      return { kind: "caller", text: event.text };
    case "button": {
      const label = options.find((option) => option.key === event.key)?.label;
      return { kind: "caller", text: label ? `Tapped “${label}”` : `Tapped option ${event.key}` };
    }
    case "timeout":
      return { kind: "caller", text: "No input (timeout)" };
    case "hangup":
      return { kind: "caller", text: "Hung up" };
    case "dial_result":
      return { kind: "caller", text: `Simulated: the dialled call ${DIAL_TEXT[event.status]}` };
    case "transfer_result":
      return { kind: "caller", text: event.result === "completed" ? "Simulated: an agent answered" : event.result === "no_answer" ? "Simulated: no agent answered" : "Simulated: the caller left" };
  }
}

const TIMED_OUT = new Set(["no_input", "timeout", "no_answer"]);

/** Steps that happened on their own (timers, HTTP results), as lines: what each node decided. */
export function stepLines(steps: readonly SessionStep[]): TranscriptLine[] {
  return steps.map((step): TranscriptLine => {
    const outcome = step.outcome ?? "";
    const timedOut = TIMED_OUT.has(outcome);
    let text: string;
    if (outcome === "no_input") text = `Timed out at ${step.nodeId}: no input, asked again`;
    else if (outcome === "timeout") text = `Timed out at ${step.nodeId}: took “timeout”`;
    else if (outcome === "no_answer") text = `Timed out at ${step.nodeId}: no agent answered`;
    else if (outcome === "waiting") text = `Now waiting at ${step.nodeId}`;
    else if (outcome === "ended") text = `Ended at ${step.nodeId}`;
    else if (step.nodeType === "http") text = `${step.nodeId} answered: took “${outcome}”`;
    else text = `${step.nodeId} took “${outcome}”`;
    return { kind: "step", nodeId: step.nodeId, text, timedOut };
  });
}
