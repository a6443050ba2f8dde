import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SessionState } from "../engine/index";
import { element, readTwiml, verbs } from "./test-support/twiml-reader";
import { PUBLIC_URL, type TestCall, VoiceFixture } from "./test-support/voice-fixture";

/**
 * The record node on Twilio voice, as Twilio's webhook sequence plays it: the prompt, then
 * `<Record>` with the documented attributes; the action brings the recording (or Digits=hangup
 * when the caller hung up), and a `<Redirect>` after it is what Twilio runs when nothing was
 * recorded.
 */

const fx = new VoiceFixture();
let channelId = "";
const RECORDING_SID = `RE${"ab12".repeat(8)}`;
const recordingUrl = (sid: string) => `https://api.twilio.com/2010-04-01/Accounts/AC${"0123456789abcdef".repeat(2)}/Recordings/${sid}`;

beforeAll(async () => {
  await fx.start();
  await fx.publish({
    schemaVersion: 1,
    id: "voicemail",
    name: "Voicemail",
    entry: "leave_message",
    nodes: [
      {
        id: "leave_message",
        type: "record",
        position: { x: 0, y: 0 },
        data: { prompt: { text: "Please leave a message after the tone." }, maxLengthSeconds: 90, silenceTimeoutSeconds: 3, finishOnKey: "#", storeAs: "voicemail" },
      },
      { id: "thanks", type: "hangup", position: { x: -200, y: 200 }, data: { prompt: { text: "Thanks, we got {{nodes.leave_message.durationSeconds}} seconds." } } },
      { id: "nothing", type: "hangup", position: { x: 0, y: 200 }, data: { prompt: { text: "We did not hear anything. Goodbye." } } },
      { id: "left_early", type: "set_variables", position: { x: 200, y: 200 }, data: { assignments: [{ name: "partial", value: "{{nodes.leave_message.recordingId}}" }] } },
    ],
    edges: [
      { id: "e1", source: "leave_message", sourceHandle: "recorded", target: "thanks" },
      { id: "e2", source: "leave_message", sourceHandle: "no_audio", target: "nothing" },
      { id: "e3", source: "leave_message", sourceHandle: "hangup", target: "left_early" },
    ],
  });
  channelId = await fx.channel("voicemail");
});
afterAll(() => fx.stop());

async function state(call: TestCall): Promise<SessionState> {
  return SessionState.parse((await fx.server.store.sessions.getSessionHead(call.sessionId))?.state);
}

/** Twilio posting the `<Record action>` with a recording. */
function recorded(call: TestCall, twiml: string, extra: Record<string, string>) {
  return fx.twilio.post(element(twiml, "Record").attributes.action ?? "", call.params(extra));
}

describe("record on Twilio voice", () => {
  it("says the prompt then <Record> with action, maxLength, timeout, finishOnKey, playBeep, and a <Redirect> for no audio", async () => {
    const call = fx.call(channelId);
    const answer = await call.incoming();
    expect(verbs(answer.text)).toEqual(["Say", "Record", "Redirect"]);
    expect(element(answer.text, "Say").text).toBe("Please leave a message after the tone.");
    const token = (await state(call)).waiting?.token ?? "";
    expect(element(answer.text, "Record").attributes).toEqual({
      action: `${PUBLIC_URL}/webhooks/twilio/voice/${channelId}/record?token=${token}`,
      method: "POST",
      maxLength: "90",
      timeout: "3",
      finishOnKey: "#",
      playBeep: "true",
      trim: "trim-silence",
    });
    expect(element(answer.text, "Redirect").text).toBe(`${PUBLIC_URL}/webhooks/twilio/voice/${channelId}/record?token=${token}&noaudio=1`);
  });

  it("a recording ended by the finish key takes recorded: its SID, URL and duration are kept with the session", async () => {
    const call = fx.call(channelId);
    const answer = await call.incoming();
    const next = await recorded(call, answer.text, { RecordingSid: RECORDING_SID, RecordingUrl: recordingUrl(RECORDING_SID), RecordingDuration: "14", Digits: "#" });
    expect(next.status, next.text).toBe(200);
    expect(readTwiml(next.text).map((verb) => verb.text)).toContain("Thanks, we got 14 seconds.");
    const after = await state(call);
    expect(after.nodes.leave_message).toEqual({ status: "recorded", recordingId: RECORDING_SID, url: recordingUrl(RECORDING_SID), durationSeconds: 14, digits: "#" });
    expect(after.vars.voicemail).toEqual({ id: RECORDING_SID, url: recordingUrl(RECORDING_SID), durationSeconds: 14, digits: "#" });
    // Kept with the session (the audio stays at Twilio): the session's API lists it and its url leads there.
    const listed = await fx.server.api("GET", `/api/sessions/${call.sessionId}`);
    expect(listed.body).toMatchObject({ recordings: [{ id: RECORDING_SID, nodeId: "leave_message", source: "twilio", durationMs: 14_000, finishKey: "#", bytes: null }] });
    expect((await fx.session(call.sessionId)).steps.map((step) => [step.nodeId, step.outcome])).toEqual([
      ["leave_message", "waiting"],
      ["leave_message", "recorded"],
      ["thanks", "ended"],
    ]);
  });

  it("nothing recorded (Twilio skips the action and runs the <Redirect>) takes no_audio", async () => {
    const call = fx.call(channelId);
    const answer = await call.incoming();
    const next = await fx.twilio.post(element(answer.text, "Redirect").text, call.params());
    expect(readTwiml(next.text).map((verb) => verb.text)).toContain("We did not hear anything. Goodbye.");
    expect((await state(call)).nodes.leave_message).toMatchObject({ status: "no_audio", recordingId: null });
  });

  it("the caller hanging up mid-recording takes hangup with the partial recording kept; the status callback then ends the session", async () => {
    const call = fx.call(channelId);
    const answer = await call.incoming();
    const partial = `RE${"cd34".repeat(8)}`;
    await recorded(call, answer.text, { RecordingSid: partial, RecordingUrl: recordingUrl(partial), RecordingDuration: "6", Digits: "hangup", CallStatus: "completed" });
    const after = await state(call);
    expect(after.nodes.leave_message).toEqual({ status: "hangup", recordingId: partial, url: recordingUrl(partial), durationSeconds: 6 });
    expect(after.vars.partial).toBe(partial);
    await call.status("completed");
    expect((await fx.session(call.sessionId)).status).toBe("ended");
  });

  it("a replayed action is answered once (the inbound log), and an action for an old wait changes nothing", async () => {
    const call = fx.call(channelId);
    const answer = await call.incoming();
    const params = { RecordingSid: RECORDING_SID, RecordingUrl: recordingUrl(RECORDING_SID), RecordingDuration: "9", Digits: "#" };
    const first = await recorded(call, answer.text, params);
    const again = await recorded(call, answer.text, params);
    expect(again.text).toBe(first.text);
    expect((await fx.session(call.sessionId)).steps.filter((step) => step.outcome === "recorded")).toHaveLength(1);
  });
});
