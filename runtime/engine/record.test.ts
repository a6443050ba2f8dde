import { describe, expect, it } from "vitest";
import { buildFlow } from "./fixtures/build-flow";
import { SessionHarness } from "./testing/session-harness";

/** A voicemail: the prompt and the recording, then thanks (recorded), sorry (no audio) or a note to the team (hangup). */
const voicemail = buildFlow({
  id: "voicemail",
  nodes: [
    { id: "leave_message", type: "record", data: { prompt: { text: "Leave a message after the tone." }, maxLengthSeconds: 60, silenceTimeoutSeconds: 4, finishOnKey: "*", transcribe: true, storeAs: "voicemail" } },
    { id: "thanks", type: "hangup", data: { prompt: { text: "Thanks, we got {{vars.voicemail.durationSeconds}} seconds." } } },
    { id: "nothing", type: "hangup", data: { prompt: { text: "We did not hear anything." } } },
    { id: "tell_team", type: "set_variables", data: { assignments: [{ name: "left_early", value: "{{nodes.leave_message.recordingId}}" }] } },
  ],
  edges: [
    ["leave_message", "recorded", "thanks"],
    ["leave_message", "no_audio", "nothing"],
    ["leave_message", "hangup", "tell_team"],
  ],
});

const recording = { id: "rec-1", url: "https://switchboard.example/api/sessions/s-1/recordings/rec-1", durationSeconds: 12.5, transcript: "Call me back please" };

function started(): { harness: SessionHarness; token: string } {
  const harness = new SessionHarness({ flow: voicemail });
  const first = harness.start();
  expect(first.effects).toEqual([
    expect.objectContaining({ type: "prompt", nodeId: "leave_message", text: "Leave a message after the tone." }),
    { type: "record", nodeId: "leave_message", token: "w1", playBeep: true, maxLengthSeconds: 60, silenceTimeoutSeconds: 4, finishOnKey: "*", transcribe: true },
  ]);
  expect(harness.state.waiting).toEqual({ kind: "record", nodeId: "leave_message", token: "w1" });
  return { harness, token: "w1" };
}

describe("record node", () => {
  it("says the prompt, asks for a recording, and on `recorded` keeps it in nodes.<id> and vars.<storeAs>", () => {
    const { harness, token } = started();
    harness.send({ type: "record_result", result: "recorded", recording, token, nodeId: "leave_message" });
    expect(harness.state.nodes.leave_message).toEqual({ status: "recorded", recordingId: "rec-1", url: recording.url, durationSeconds: 12.5, transcript: "Call me back please" });
    expect(harness.state.vars.voicemail).toEqual(recording);
    expect(harness.effects.at(-2)).toMatchObject({ type: "prompt", text: "Thanks, we got 12.5 seconds." });
    expect(harness.steps.map((step) => step.outcome)).toEqual(["waiting", "recorded", "ended"]);
  });

  it("takes no_audio when nothing was recorded (also when a provider calls it recorded without audio)", () => {
    const { harness, token } = started();
    harness.send({ type: "record_result", result: "recorded", token, nodeId: "leave_message" });
    expect(harness.state.nodes.leave_message).toEqual({ status: "no_audio", recordingId: null, url: null, durationSeconds: null });
    expect(harness.state.vars.voicemail).toBeUndefined();
    expect(harness.steps.map((step) => step.outcome)).toEqual(["waiting", "no_audio", "ended"]);
  });

  it("takes hangup with the partial recording kept", () => {
    const { harness, token } = started();
    harness.send({ type: "record_result", result: "hangup", recording: { id: "rec-2", url: "u", durationSeconds: 3 }, token, nodeId: "leave_message" });
    expect(harness.state.vars.left_early).toBe("rec-2");
    expect(harness.steps.map((step) => [step.nodeId, step.outcome])).toContainEqual(["leave_message", "hangup"]);
  });

  it("ignores a late answer to another wait, and keys or speech while recording", () => {
    const { harness } = started();
    expect(harness.send({ type: "record_result", result: "recorded", recording, token: "w0", nodeId: "leave_message" }).effects).toEqual([]);
    expect(harness.send({ type: "digits", digits: "5" }).effects).toEqual([]);
    expect(harness.state.waiting?.kind).toBe("record");
  });

  it("on chat there is nothing to record: no_audio at once", () => {
    const harness = new SessionHarness({ flow: voicemail, channel: "chat" });
    harness.start();
    expect(harness.effects.some((effect) => effect.type === "record")).toBe(false);
    expect(harness.steps[0]).toMatchObject({ nodeId: "leave_message", outcome: "no_audio", note: "a chat cannot be recorded" });
  });
});
