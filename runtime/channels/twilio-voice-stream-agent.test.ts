import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { readWav } from "../media/audio-files/wav-reader";
import { STREAM_DROPPED } from "../media/streams/stream-agents";
import { muLawToneLevel } from "../media/test-support/mulaw-tone";
import { TwilioStreamClient } from "../media/test-support/twilio-stream-client";
import type { WeriftPeer } from "../media/test-support/werift-peer";
import { SESSION_COOKIE } from "../http/auth/session-cookie";
import { AgentClient } from "../rooms/test-support/agent-client";
import { pollUntil } from "../test-support/api-client";
import { alwaysOpenSupportLine } from "../test-support/example-flows";
import { TEST_ACCOUNT } from "./test-support/fake-twilio";
import { element, readTwiml, verbs } from "./test-support/twiml-reader";
import { PUBLIC_URL, type TestCall, VoiceFixture } from "./test-support/voice-fixture";
import { connectSoftphone } from "../rooms/test-support/softphone";

/**
 * Issue 15, Twilio voice → agent audio: an accepted Twilio caller is moved by the Calls API to
 * `<Connect><Stream>`, Twilio's stream (a stand-in that signs the upgrade and sends μ-law 440 Hz)
 * is bridged to the agent's softphone (a werift peer sending 1,000 Hz) in the real media process.
 */
const fx = new VoiceFixture();
const CALLS = `/2010-04-01/Accounts/${TEST_ACCOUNT.accountSid}/Calls`;
const HOLD_WAV = join(import.meta.dirname, "../../audio/hold.wav");
let streamChannelId = "";
let speechChannelId = "";
let ada: { id: string; token: string };
let socket: AgentClient;
let softphone: WeriftPeer;

const Message = z.object({ kind: z.string(), body: z.string() });
const Detail = z.object({ conversation: z.object({ status: z.string() }), messages: z.array(Message) });

const waitFor = (what: () => boolean, describe: () => string, ms = 10_000) => pollUntil(async () => (what() ? true : undefined), ms, describe, 25);
const polled = <T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> => pollUntil(probe, ms, () => what, 25);

function asAda(method: string, path: string, body?: unknown) {
  return fx.server.api(method, path, body, { key: null, headers: { cookie: `${SESSION_COOKIE}=${ada.token}` } });
}

/** The Calls updates of one call (in order), as their TwiML documents. */
const updatesOf = (callSid: string): string[] =>
  fx.provider.requests.filter((seen) => seen.method === "POST" && seen.url === `${CALLS}/${callSid}.json`).map((seen) => new URLSearchParams(seen.body).get("Twiml") ?? "");
const update = (callSid: string, n: number) => polled(`Calls update #${n} of ${callSid}`, async () => updatesOf(callSid)[n - 1]);

let callers = 0;

/** A caller who presses 2 (support) and waits in the queue; Ada accepts. */
async function acceptedCall(channelId: string): Promise<{ call: TestCall; conversationId: string }> {
  callers += 1;
  const call = fx.call(channelId, `+1555700000${callers}`);
  fx.provider.reply(`${CALLS}/${call.callSid}.json`, { status: 200, body: JSON.stringify({ sid: call.callSid, status: "in-progress" }) });
  const first = await call.incoming();
  const queued = await call.answer(first.text, { Digits: "2" });
  expect(element(queued.text, "Enqueue").text).toBe("support");
  const offer = await socket.next("offer", (frame) => frame.offer.conversation.sessionId === call.sessionId, 10_000);
  const conversationId = offer.offer.conversation.id;
  const accepted = await asAda("POST", `/api/conversations/${conversationId}/accept`);
  expect(accepted.status, accepted.text).toBe(200);
  return { call, conversationId };
}

/** The `<Connect><Stream>` of a document: its action, the stream URL and its `<Parameter>`s. */
function connectOf(twiml: string) {
  const connect = element(twiml, "Connect");
  const stream = connect.inside.find((inner) => inner.name === "Stream");
  if (stream === undefined) throw new Error(`no <Stream> in ${twiml}`);
  const parameters = Object.fromEntries(stream.inside.filter((inner) => inner.name === "Parameter").map((inner) => [inner.attributes.name ?? "", inner.attributes.value ?? ""]));
  return { action: connect.attributes.action ?? "", url: stream.attributes.url ?? "", parameters };
}

/** Twilio opening the stream of `<Stream url>`: the test server's socket, signed over the wss URL as Twilio signs it. */
async function openStream(url: string): Promise<TwilioStreamClient> {
  const path = new URL(url).pathname;
  const opened = await TwilioStreamClient.open(`${fx.server.url.replace(/^http/, "ws")}${path}`, url, TEST_ACCOUNT.authToken);
  if (!opened.ok) throw new Error(`stream refused: ${opened.status} ${opened.body}`);
  return opened.client;
}

beforeAll(async () => {
  await fx.start();
  await fx.publish(alwaysOpenSupportLine("stream-room"));
  streamChannelId = await fx.channel("stream-room");
  speechChannelId = await fx.channel("stream-room", { name: "Speech line", settings: { agentAudio: "speech" } });
  const store = fx.server.store;
  const created = await store.users.createUser({ email: "ada@acme.test", name: "Ada", role: "agent", password: "ada password 12" });
  if (!created.ok) throw new Error(created.error.message);
  await store.teams.addMember("support", created.value.id);
  ada = { id: created.value.id, token: (await store.authSessions.createAuthSession(created.value.id, 3_600_000)).token };
  socket = await AgentClient.connect(`${fx.server.url.replace(/^http/, "ws")}/ws/agent`, ada.token);
  socket.startHeartbeats(5_000);
  softphone = await connectSoftphone(socket);
}, 60_000);
afterAll(async () => {
  await socket.close();
  await softphone.close();
  await fx.stop();
});

/** A caller Ada accepted on the stream channel, moved to a stream that plays 440 Hz: bridged to Ada, who hears it. */
async function bridgedStream() {
  const { call, conversationId } = await acceptedCall(streamChannelId);
  const connect = connectOf(await update(call.callSid, 1));
  const stream = await openStream(connect.url);
  stream.start(call.callSid, connect.parameters);
  stream.playTone(440);
  await waitFor(() => fx.server.media.streamAgents.agentsOn(conversationId).length === 1, () => "the stream is not bridged to Ada");
  await waitFor(() => softphone.toneLevel(440) > 0.1, () => `the softphone hears 440 at ${softphone.toneLevel(440)}`);
  return { call, conversationId, stream, connect };
}

describe("a Twilio caller heard on the agent's softphone (agentAudio: stream)", () => {
  it("accept → <Connect><Stream>; each hears the other's tone; hold plays hold music into the stream; closing the room closes the socket and the flow goes on", async () => {
    const { call, conversationId } = await acceptedCall(streamChannelId);

    // The Calls API moves the call to the stream, after the usual words.
    const connected = await update(call.callSid, 1);
    expect(verbs(connected)).toEqual(["Say", "Connect"]);
    expect(readTwiml(connected)[0]?.text).toBe("You are now connected with Ada.");
    const connect = connectOf(connected);
    expect(connect.url).toBe(`${PUBLIC_URL.replace(/^https/, "wss")}/media/twilio/${streamChannelId}`);
    expect(new URL(connect.url).search).toBe("");
    expect(connect.parameters).toMatchObject({ callSid: call.callSid, conversationId });
    expect(new URL(connect.action).pathname).toBe(`/webhooks/twilio/voice/${streamChannelId}/room`);

    // Twilio opens the stream with the parameters: the agent hears 440 Hz, the stream gets the agent's 1,000 Hz as μ-law.
    const stream = await openStream(connect.url);
    stream.start(call.callSid, connect.parameters);
    stream.playTone(440);
    await waitFor(
      () => softphone.toneLevel(440) > 0.1 && muLawToneLevel(stream.frames, 1000) > 0.1,
      () => `the softphone hears 440 at ${softphone.toneLevel(440)}, the stream gets 1000 at ${muLawToneLevel(stream.frames, 1000)}`,
    );
    expect(fx.server.media.streamAgents.agentsOn(conversationId)).toEqual([ada.id]);

    // Hold: a clear, then hold.wav's μ-law frames into the stream; the agent hears nothing of the caller; no TwiML round trip.
    const framesBeforeHold = stream.frames.length;
    expect((await asAda("POST", `/api/conversations/${conversationId}/hold`)).status).toBe(200);
    await waitFor(() => stream.clears.some((at) => at >= framesBeforeHold) && stream.frames.length > framesBeforeHold + 60, () => `${stream.frames.length - framesBeforeHold} frames after hold, clears ${stream.clears.join(",")}`);
    const clearAt = stream.clears.find((at) => at >= framesBeforeHold) ?? 0;
    const wav = readWav(readFileSync(HOLD_WAV));
    stream.frames.slice(clearAt, clearAt + 40).forEach((frame, k) => expect(frame.equals(wav.data.subarray(k * 160, (k + 1) * 160)), `hold frame ${k}`).toBe(true));
    await waitFor(() => softphone.toneLevel(440) < 0.02, () => `the softphone still hears the held caller at ${softphone.toneLevel(440)}`);
    expect(updatesOf(call.callSid)).toHaveLength(1);

    // Resume: the agent's tone again.
    expect((await asAda("POST", `/api/conversations/${conversationId}/resume`)).status).toBe(200);
    await waitFor(() => muLawToneLevel(stream.frames, 1000) > 0.1 && softphone.toneLevel(440) > 0.1, () => `resumed: stream 1000 at ${muLawToneLevel(stream.frames, 1000)}, softphone 440 at ${softphone.toneLevel(440)}`);
    expect(updatesOf(call.callSid)).toHaveLength(1);

    // Close: the socket closes (Twilio then asks <Connect action>), the flow takes the call back with one update.
    expect((await asAda("POST", `/api/conversations/${conversationId}/close`)).status).toBe(200);
    await waitFor(() => stream.closedWith !== undefined, () => "the stream's socket is still open");
    expect(stream.closedWith?.code).toBe(1000);
    const after = await update(call.callSid, 2);
    expect(readTwiml(after).map((verb) => verb.name)).toEqual(["Say", "Hangup"]);
    const action = await fx.twilio.post(connect.action, call.params());
    expect(verbs(action.text)).toEqual(["Pause"]);
    await waitFor(() => softphone.toneLevel(440) < 0.02, () => `the softphone still hears 440 at ${softphone.toneLevel(440)}`);
    expect(socket.of("softphone").at(-1)?.state).toBe("connected");
  }, 60_000);

  it("a transfer back to the queue takes the agent out and plays hold music into the stream; the next accept bridges again, with no TwiML round trip", async () => {
    const { call, conversationId, stream } = await bridgedStream();

    const framesBefore = stream.frames.length;
    const moved = await asAda("POST", `/api/conversations/${conversationId}/transfer`, { teamId: "support" });
    expect(moved.status, moved.text).toBe(200);
    await waitFor(() => softphone.toneLevel(440) < 0.02, () => `the softphone still hears the waiting caller at ${softphone.toneLevel(440)}`);
    await waitFor(() => stream.clears.some((at) => at >= framesBefore) && stream.frames.length > framesBefore + 60, () => "no hold music into the stream");
    const wav = readWav(readFileSync(HOLD_WAV));
    expect(stream.clears.filter((at) => at >= framesBefore).some((at) => stream.frames[at]?.equals(wav.data.subarray(0, 160)))).toBe(true);
    expect(fx.server.media.streamAgents.agentsOn(conversationId)).toEqual([]);

    await polled("the new offer", async () => socket.of("offer").filter((frame) => frame.offer.conversation.id === conversationId)[1]);
    expect((await asAda("POST", `/api/conversations/${conversationId}/accept`)).status).toBe(200);
    await waitFor(() => softphone.toneLevel(440) > 0.1 && muLawToneLevel(stream.frames, 1000) > 0.1, () => `again: softphone 440 at ${softphone.toneLevel(440)}, stream 1000 at ${muLawToneLevel(stream.frames, 1000)}`);
    expect(updatesOf(call.callSid)).toHaveLength(1);
    stream.stop(call.callSid);
    await waitFor(() => stream.closedWith !== undefined, () => "the socket is still open after stop");
    await call.status("completed");
  }, 40_000);

  it("a stream that drops without stop takes the agent out, the room is told, and the call goes on in the speech loop", async () => {
    const { call, conversationId, stream, connect } = await bridgedStream();

    stream.drop();
    const note = await socket.next("message", (frame) => frame.conversationId === conversationId && frame.message.kind === "system" && frame.message.body === STREAM_DROPPED, 10_000);
    expect(note.message.body).toBe(STREAM_DROPPED);
    expect(fx.server.media.streamAgents.agentsOn(conversationId)).toEqual([]);
    const detail = Detail.parse((await asAda("GET", `/api/conversations/${conversationId}`)).body);
    expect(detail.conversation.status).toBe("active");

    // Twilio runs <Connect action>: the speech loop, nothing said again.
    const next = await fx.twilio.post(connect.action, call.params());
    expect(verbs(next.text)).toEqual(["Gather", "Redirect"]);
    await call.status("completed");
  }, 40_000);

  it("a stream that drops right after its start (before or while it is bridged) tells the room too", async () => {
    const { call, conversationId } = await acceptedCall(streamChannelId);
    const connect = connectOf(await update(call.callSid, 1));
    const stream = await openStream(connect.url);
    stream.start(call.callSid, connect.parameters);
    stream.drop();
    await socket.next("message", (frame) => frame.conversationId === conversationId && frame.message.kind === "system" && frame.message.body === STREAM_DROPPED, 10_000);
    await fx.server.media.streamAgents.settled();
    expect(fx.server.media.streamAgents.agentsOn(conversationId)).toEqual([]);
    await call.status("completed");
  }, 30_000);
});

describe("the speech loop is kept", () => {
  it("on a channel with agentAudio speech, even for an agent with a softphone", async () => {
    const { call } = await acceptedCall(speechChannelId);
    const connected = await update(call.callSid, 1);
    expect(verbs(connected)).toEqual(["Say", "Gather", "Redirect"]);
    expect(readTwiml(connected)[0]?.text).toBe("You are now connected with Ada.");
    await call.status("completed");
  }, 20_000);

  it("for an agent whose softphone is not connected (last: Ada hangs her softphone up)", async () => {
    socket.send({ type: "softphone_hangup" });
    await polled("the softphone ended", async () => (fx.server.media.agentLegs.ready(ada.id) === undefined ? true : undefined));
    const { call } = await acceptedCall(streamChannelId);
    const connected = await update(call.callSid, 1);
    expect(verbs(connected)).toEqual(["Say", "Gather", "Redirect"]);
    await call.status("completed");
  }, 20_000);
});
