import { formatDuration } from "./duration";
import type { Call, CallRecording } from "./calls-api";

export const directionText = (direction: Call["direction"]): string => (direction === "inbound" ? "Inbound" : "Outbound");

/** Who hung up, in words. */
export function hungUpByText(party: Call["hungUpBy"]): string {
  if (party === "caller") return "The caller";
  if (party === "agent") return "An agent";
  if (party === "system") return "The system";
  return "—";
}

/** Answered → ended: `1 min 5 s`, `12 s so far` while it lasts, `Not answered`. */
export function callDurationText(call: Pick<Call, "durationMs" | "state">): string {
  if (call.durationMs === null) return call.state === "ringing" ? "Ringing" : "Not answered";
  return call.state === "ended" ? formatDuration(call.durationMs) : `${formatDuration(call.durationMs)} so far`;
}

/** The agents' names, each once, in the order they joined. */
export function agentNames(call: Pick<Call, "agents">): string {
  const names = [...new Set(call.agents.map((stay) => stay.name ?? "a deleted user"))];
  return names.length === 0 ? "None" : names.join(", ");
}

/** What to say where there is no player. */
export function recordingText(recording: CallRecording): string {
  if (recording.status === "failed") return `Recording failed: ${recording.error ?? "no reason given"}`;
  if (recording.status === "deleted") return "Recording deleted (older than the retention period)";
  if (recording.status === "available") return "Recorded";
  return "Not recorded";
}

/** The sessions list's Call column: `Inbound · 1 min 5 s`, `+1` when the session had more calls. */
export function callColumnText(calls: readonly Pick<Call, "direction" | "durationMs" | "state">[]): string {
  const [newest] = calls;
  if (newest === undefined) return "—";
  const more = calls.length > 1 ? ` (+${calls.length - 1})` : "";
  return `${directionText(newest.direction)} · ${callDurationText(newest)}${more}`;
}
