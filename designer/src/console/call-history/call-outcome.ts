import { formatDuration } from "../../call-logs/duration";
import type { Call } from "../../call-logs/calls-api";
import { callEndReasonText } from "../../call-logs/end-reason-text";

/** How a call went, as the call history says it. */
export type OutcomeKind = "ringing" | "live" | "answered" | "busy" | "no_answer" | "failed" | "cancelled" | "missed";

/** End reasons of calls never answered, by what they mean (SIP final responses and the words drivers use). */
const BUSY = /busy|^486\b|^600\b/i;
const NO_ANSWER = /no[-_ ]?answer|timeout|^480\b|^408\b/i;
const CANCELLED = /cancel|^487\b/i;
const DECLINED = /declin|reject|^603\b/i;

/** The other party: whom an outbound call called, who called in. */
export const partyOf = (call: Pick<Call, "direction" | "from" | "to">): string | null => (call.direction === "outbound" ? call.to : call.from);

/**
 * A call's outcome in words: answered with its duration (so far, while it lasts), busy, no answer,
 * declined, failed with the reason, cancelled (an outbound call hung up before it was answered),
 * missed (an inbound one).
 */
export function callOutcome(call: Pick<Call, "direction" | "state" | "answeredAt" | "endedAt" | "endReason" | "hungUpBy">, now: number): { kind: OutcomeKind; text: string } {
  if (call.answeredAt !== null) {
    const start = Date.parse(call.answeredAt);
    if (call.state === "ended") return { kind: "answered", text: `Answered · ${formatDuration((call.endedAt === null ? start : Date.parse(call.endedAt)) - start)}` };
    return { kind: "live", text: `On the call · ${formatDuration(now - start)} so far` };
  }
  if (call.state !== "ended") return { kind: "ringing", text: call.direction === "outbound" ? "Ringing…" : "Ringing" };
  const reason = call.endReason ?? "";
  if (BUSY.test(reason)) return { kind: "busy", text: "Busy" };
  if (NO_ANSWER.test(reason)) return { kind: "no_answer", text: "No answer" };
  if (DECLINED.test(reason)) return { kind: "failed", text: "Declined" };
  if (CANCELLED.test(reason) || reason === "hangup" || reason === "caller_hangup") {
    return call.direction === "outbound" ? { kind: "cancelled", text: "Cancelled" } : { kind: "missed", text: "Missed" };
  }
  return { kind: "failed", text: reason === "" || /^failed$/i.test(reason) ? "Failed" : `Failed: ${callEndReasonText(reason)}` };
}
