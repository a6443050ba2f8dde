import { describe, expect, it } from "vitest";
import { formatDuration, sessionDurationText } from "./duration";
import { endReasonText } from "./end-reason-text";

describe("durations", () => {
  it("read naturally at every scale", () => {
    expect([0, 40, 400, 960, 1000, 12_400, 60_000, 185_000, 3_600_000, 7_860_000, 86_400_000, 100_800_000, -5].map(formatDuration)).toEqual([
      "0 s",
      "0 s",
      "0.4 s",
      "1 s",
      "1 s",
      "12 s",
      "1 min",
      "3 min 5 s",
      "1 h",
      "2 h 11 min",
      "1 d",
      "1 d 4 h",
      "0 s",
    ]);
  });

  it("of a session: until it ended, or so far", () => {
    const startedAt = "2026-06-03T15:00:00.000Z";
    expect(sessionDurationText({ startedAt, endedAt: "2026-06-03T15:02:05.000Z" }, Date.parse("2026-06-04T00:00:00Z"))).toBe("2 min 5 s");
    expect(sessionDurationText({ startedAt, endedAt: null }, Date.parse("2026-06-03T15:00:42Z"))).toBe("42 s so far");
  });

  it("end reasons in words", () => {
    expect(endReasonText("caller_hangup")).toBe("Caller hung up");
    expect(endReasonText("something_new")).toBe("something_new");
    expect(endReasonText(null)).toBe("—");
  });
});
