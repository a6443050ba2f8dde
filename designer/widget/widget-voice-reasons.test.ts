import { describe, expect, it } from "vitest";
import { LegEndReasonSchema } from "../../runtime/media/process/media-protocol";
import { endedText } from "./widget-voice-reasons";

const GENERIC = ["The call has ended.", "You hung up.", "The agent ended the call."];

describe("why a call ended, in the visitor's words", () => {
  it("has its own sentence for every way the media plane ends a call", () => {
    for (const reason of LegEndReasonSchema.options.filter((option) => option !== "hangup")) expect(GENERIC, reason).not.toContain(endedText(reason, "system"));
    expect(endedText("ice_timeout", "system")).toMatch(/^The call could not connect/);
  });

  it("says who hung up", () => {
    expect(endedText("hangup", "caller")).toBe("You hung up.");
    expect(endedText("hangup", "agent")).toBe("The agent ended the call.");
    expect(endedText("hangup_node", "system")).toBe("The call has ended.");
    expect(endedText("something_new", "agent")).toBe("The agent ended the call.");
  });

  it("words the server's refusals, with the wait the limit names", () => {
    expect(endedText("too_many_calls", "system", "too many new calls from this address: try again in 42 s")).toBe("Too many calls came from your network lately. Please try again in 42 seconds.");
    expect(endedText("too_many_calls", "system")).toBe("Too many calls came from your network lately. Please try again later.");
    for (const code of ["invalid_sdp", "no_audio", "no_common_codec", "call_failed", "rate_limited"]) expect(GENERIC, code).not.toContain(endedText(code, "system"));
  });

  it("says what the browser refused, and that a dropped connection does not resume", () => {
    expect(endedText("microphone_denied", "system")).toMatch(/did not allow the microphone, so no call was placed/);
    expect(endedText("connection_lost", "system")).toMatch(/a call cannot resume/);
  });
});
