import { describe, expect, it } from "vitest";
import { agentNames, callColumnText, callDurationText, hungUpByText, recordingText } from "./call-text";
import { callEndReasonText } from "./end-reason-text";

describe("calls in words", () => {
  it("says how long a call lasted, while it lasts, or that nobody answered", () => {
    expect(callDurationText({ durationMs: 65_000, state: "ended" })).toBe("1 min 5 s");
    expect(callDurationText({ durationMs: 12_400, state: "active" })).toBe("12 s so far");
    expect(callDurationText({ durationMs: null, state: "ended" })).toBe("Not answered");
    expect(callDurationText({ durationMs: null, state: "ringing" })).toBe("Ringing");
  });

  it("names who hung up, the agents once each, and why the media ended", () => {
    expect(hungUpByText("caller")).toBe("The caller");
    expect(hungUpByText(null)).toBe("—");
    const stay = (name: string | null) => ({ userId: null, name, joinedAt: "", leftAt: null });
    expect(agentNames({ agents: [stay("Ana"), stay("Bob"), stay("Ana"), stay(null)] })).toBe("Ana, Bob, a deleted user");
    expect(agentNames({ agents: [] })).toBe("None");
    expect(callEndReasonText("peer_gone")).toBe("The connection was lost");
    expect(callEndReasonText("media_lost_on_restart")).toBe("Lost when the server restarted");
    expect(callEndReasonText("caller_hangup")).toBe("Caller hung up"); // a session's reason
    expect(callEndReasonText("something_new")).toBe("something_new");
  });

  it("says why there is no player", () => {
    const recording = { mode: "call" as const, url: null, durationMs: null, error: null };
    expect(recordingText({ ...recording, status: "failed", error: "mix failed" })).toBe("Recording failed: mix failed");
    expect(recordingText({ ...recording, status: "deleted" })).toBe("Recording deleted (older than the retention period)");
    expect(recordingText({ ...recording, mode: "off", status: "none" })).toBe("Not recorded");
  });

  it("sums up a session's calls for the list", () => {
    expect(callColumnText([])).toBe("—");
    expect(callColumnText([{ direction: "inbound", durationMs: 65_000, state: "ended" }])).toBe("Inbound · 1 min 5 s");
    expect(
      callColumnText([
        { direction: "outbound", durationMs: null, state: "ended" },
        { direction: "inbound", durationMs: 1_000, state: "ended" },
      ]),
    ).toBe("Outbound · Not answered (+1)");
  });
});
