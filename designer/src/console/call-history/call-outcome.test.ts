import { describe, expect, it } from "vitest";
import { callOutcome, partyOf } from "./call-outcome";

const T0 = Date.parse("2025-05-01T10:00:00.000Z");
const at = (ms: number) => new Date(T0 + ms).toISOString();
type Shape = Parameters<typeof callOutcome>[0];
const outbound = (patch: Partial<Shape>): Shape => ({ direction: "outbound", state: "ended", answeredAt: null, endedAt: at(5_000), endReason: null, hungUpBy: null, ...patch });

describe("a call's outcome in the call history", () => {
  it("answered: with how long it lasted, or so far while it lasts", () => {
    expect(callOutcome(outbound({ answeredAt: at(3_000), endedAt: at(68_000), endReason: "hangup", hungUpBy: "agent" }), T0)).toEqual({ kind: "answered", text: "Answered · 1 min 5 s" });
    expect(callOutcome(outbound({ state: "active", answeredAt: at(3_000), endedAt: null }), T0 + 15_000)).toEqual({ kind: "live", text: "On the call · 12 s so far" });
    expect(callOutcome(outbound({ state: "ringing", endedAt: null }), T0)).toEqual({ kind: "ringing", text: "Ringing…" });
  });

  it("not answered: busy, no answer, declined, cancelled, failed with its reason, missed for an inbound call", () => {
    for (const reason of ["busy", "486 Busy Here", "600 Busy Everywhere"]) expect(callOutcome(outbound({ endReason: reason }), T0).text).toBe("Busy");
    for (const reason of ["no_answer", "no-answer", "timeout", "480 Temporarily Unavailable", "408 Request Timeout"]) expect(callOutcome(outbound({ endReason: reason }), T0).text).toBe("No answer");
    expect(callOutcome(outbound({ endReason: "603 Decline" }), T0).text).toBe("Declined");
    expect(callOutcome(outbound({ endReason: "cancelled" }), T0)).toEqual({ kind: "cancelled", text: "Cancelled" });
    expect(callOutcome(outbound({ endReason: "hangup", hungUpBy: "agent" }), T0)).toEqual({ kind: "cancelled", text: "Cancelled" });
    expect(callOutcome(outbound({ endReason: "503 Service Unavailable" }), T0)).toEqual({ kind: "failed", text: "Failed: 503 Service Unavailable" });
    expect(callOutcome(outbound({ endReason: "failed" }), T0).text).toBe("Failed");
    expect(callOutcome(outbound({ endReason: "media_process_exit" }), T0).text).toBe("Failed: The media process stopped");
    expect(callOutcome(outbound({ direction: "inbound", endReason: "hangup", hungUpBy: "caller" }), T0)).toEqual({ kind: "missed", text: "Missed" });
  });

  it("names the other party: the callee of an outbound call, the caller of an inbound one", () => {
    expect(partyOf({ direction: "outbound", from: "+15550000000", to: "+15550100123" })).toBe("+15550100123");
    expect(partyOf({ direction: "inbound", from: "+15550100123", to: "+15550000000" })).toBe("+15550100123");
  });
});
