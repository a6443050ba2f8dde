import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { toneLevel } from "../media/analysis/goertzel";
import { STREAM_NO_KEYS } from "../media/streams/stream-phone";
import { ffmpegDecodePcm, ffprobeDuration } from "../media/test-support/ffmpeg-audio";
import { muLawToneLevel } from "../media/test-support/mulaw-tone";
import { TwilioStreamClient } from "../media/test-support/twilio-stream-client";
import { WeriftPeer } from "../media/test-support/werift-peer";
import { SESSION_COOKIE } from "../http/auth/session-cookie";
import { AgentClient } from "../rooms/test-support/agent-client";
import { pollUntil, sleep } from "../test-support/api-client";
import { alwaysOpenSupportLine } from "../test-support/example-flows";
import { TEST_ACCOUNT } from "./test-support/fake-twilio";
import { element } from "./test-support/twiml-reader";
import { type TestCall, VoiceFixture } from "./test-support/voice-fixture";
import { connectSoftphone } from "../rooms/test-support/softphone";

/**
 * Issue 15: a Twilio caller bridged to an agent over a Media Stream has the media plane's own
 * calls' controls: recording by the team's setting (a call row in the call log, per-leg Ogg/Opus
 * mixed to stereo), the agent's mute, and a keypad that says why it cannot reach the caller.
 * The stand-in Twilio stream sends μ-law 440 Hz, the agent's werift softphone 1,000 Hz.
 */
const fx = new VoiceFixture();
const CALLS = `/2010-04-01/Accounts/${TEST_ACCOUNT.accountSid}/Calls`;
let channelId = "";
let ada: { id: string; token: string };
let socket: AgentClient;
let softphone: WeriftPeer;
/** Bob: a second agent of the team, his softphone playing 700 Hz (for the three-way call). */
let bob: { id: string; socket: AgentClient; softphone: WeriftPeer };

const Recording = z.object({ mode: z.string(), status: z.string(), url: z.string().nullable(), durationMs: z.number().nullable(), error: z.string().nullable() });
const Call = z.object({
  id: z.string(),
  channelId: z.string().nullable(),
  channelType: z.string(),
  direction: z.string(),
  from: z.string().nullable(),
  state: z.string(),
  sessionId: z.string().nullable(),
  conversationId: z.string().nullable(),
  endReason: z.string().nullable(),
  hungUpBy: z.string().nullable(),
  holdMs: z.number(),
  agents: z.array(z.object({ userId: z.string().nullable() })),
  recording: Recording,
});
const Calls = z.object({ items: z.array(Call) });

const waitFor = (what: () => boolean, describe: () => string, ms = 10_000) => pollUntil(async () => (what() ? true : undefined), ms, describe, 25);
const polled = <T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> => pollUntil(probe, ms, () => what, 25);

function asAda(method: string, path: string, body?: unknown) {
  return fx.server.api(method, path, body, { key: null, headers: { cookie: `${SESSION_COOKIE}=${ada.token}` } });
}

const updatesOf = (callSid: string): string[] =>
  fx.provider.requests.filter((seen) => seen.method === "POST" && seen.url === `${CALLS}/${callSid}.json`).map((seen) => new URLSearchParams(seen.body).get("Twiml") ?? "");

let callers = 0;

/** A caller who presses 2 (support) and is accepted by Ada; Twilio opens the stream of the `<Connect><Stream>` and the caller plays 440 Hz. */
async function streamedCall(): Promise<{ call: TestCall; conversationId: string; stream: TwilioStreamClient }> {
  callers += 1;
  const call = fx.call(channelId, `+1555800000${callers}`);
  fx.provider.reply(`${CALLS}/${call.callSid}.json`, { status: 200, body: JSON.stringify({ sid: call.callSid, status: "in-progress" }) });
  const first = await call.incoming();
  await call.answer(first.text, { Digits: "2" });
  const offer = await socket.next("offer", (frame) => frame.offer.conversation.sessionId === call.sessionId, 10_000);
  const conversationId = offer.offer.conversation.id;
  expect((await asAda("POST", `/api/conversations/${conversationId}/accept`)).status).toBe(200);
  const connected = await polled(`the Calls update of ${call.callSid}`, async () => updatesOf(call.callSid)[0]);
  const stream = element(connected, "Connect").inside.find((inner) => inner.name === "Stream");
  if (stream === undefined) throw new Error(`no <Stream> in ${connected}`);
  const parameters = Object.fromEntries(stream.inside.filter((inner) => inner.name === "Parameter").map((inner) => [inner.attributes.name ?? "", inner.attributes.value ?? ""]));
  const url = stream.attributes.url ?? "";
  const opened = await TwilioStreamClient.open(`${fx.server.url.replace(/^http/, "ws")}${new URL(url).pathname}`, url, TEST_ACCOUNT.authToken);
  if (!opened.ok) throw new Error(`stream refused: ${opened.status} ${opened.body}`);
  opened.client.start(call.callSid, parameters);
  opened.client.playTone(440);
  await waitFor(
    () => softphone.toneLevel(440) > 0.1 && muLawToneLevel(opened.client.frames, 1000) > 0.1,
    () => `the softphone hears 440 at ${softphone.toneLevel(440)}, the stream gets 1000 at ${muLawToneLevel(opened.client.frames, 1000)}`,
  );
  return { call, conversationId, stream: opened.client };
}

/** 200 ms blocks of 8 kHz samples. */
function blocks(samples: Int16Array): Int16Array[] {
  const parts: Int16Array[] = [];
  for (let at = 0; at + 1600 <= samples.length; at += 1600) parts.push(samples.subarray(at, at + 1600));
  return parts;
}

/** The caller hangs up: Twilio's `stop`, then the call's status callback. */
async function hangUp(call: TestCall, stream: TwilioStreamClient): Promise<void> {
  stream.stop(call.callSid);
  await waitFor(() => stream.closedWith !== undefined, () => "the stream's socket is still open after stop");
  await call.status("completed");
}

/** The conversation's streamed call in the call log, once `done` says it is complete. */
function loggedCall(conversationId: string, done: (call: z.infer<typeof Call>) => boolean, ms = 30_000) {
  let last: unknown;
  return pollUntil(
    async () => {
      const res = await asAda("GET", `/api/calls?conversationId=${conversationId}`);
      last = res.body;
      if (res.status !== 200) return undefined;
      const found = Calls.parse(res.body).items[0];
      return found !== undefined && done(found) ? found : undefined;
    },
    ms,
    () => `the call log has ${JSON.stringify(last)}`,
    50,
  );
}

beforeAll(async () => {
  await fx.start();
  await fx.publish(alwaysOpenSupportLine("stream-controls"));
  channelId = await fx.channel("stream-controls");
  const store = fx.server.store;
  const created = await store.users.createUser({ email: "ada@acme.test", name: "Ada", role: "agent", password: "ada password 12" });
  if (!created.ok) throw new Error(created.error.message);
  await store.teams.addMember("support", created.value.id);
  ada = { id: created.value.id, token: (await store.authSessions.createAuthSession(created.value.id, 3_600_000)).token };
  socket = await AgentClient.connect(`${fx.server.url.replace(/^http/, "ws")}/ws/agent`, ada.token);
  socket.startHeartbeats(5_000);
  softphone = await connectSoftphone(socket);

  const second = await store.users.createUser({ email: "bob@acme.test", name: "Bob", role: "agent", password: "bob password 12" });
  if (!second.ok) throw new Error(second.error.message);
  await store.teams.addMember("support", second.value.id);
  const bobToken = (await store.authSessions.createAuthSession(second.value.id, 3_600_000)).token;
  const bobSocket = await AgentClient.connect(`${fx.server.url.replace(/^http/, "ws")}/ws/agent`, bobToken);
  bobSocket.startHeartbeats(5_000);
  // Bob is away: offers go to Ada only; he joins calls when invited.
  bobSocket.send({ type: "set_availability", availability: "away" });
  const bobPhone = await WeriftPeer.offer();
  bobSocket.send({ type: "softphone_offer", sdp: bobPhone.offerSdp });
  await bobPhone.applyAnswer((await bobSocket.next("softphone_answer", () => true, 10_000)).sdp);
  await bobSocket.next("softphone", (frame) => frame.state === "connected", 30_000);
  bobPhone.play(700);
  bob = { id: second.value.id, socket: bobSocket, softphone: bobPhone };
}, 90_000);
afterAll(async () => {
  await bob.socket.close();
  await bob.softphone.close();
  await socket.close();
  await softphone.close();
  await fx.stop();
});

describe("recording a streamed Twilio call", () => {
  it("a team that records: the call log has the streamed call (its session, room, agent and hold time) with a stereo recording: the caller's 440 Hz left, the agent's 1,000 Hz right", async () => {
    expect((await fx.server.api("PATCH", "/api/teams/support", { recording: "agent" })).status).toBe(200);
    const { call, conversationId, stream } = await streamedCall();
    // A hold in the middle: counted on the row, and the caller hears hold music (right channel) meanwhile.
    await sleep(1_000);
    expect((await asAda("POST", `/api/conversations/${conversationId}/hold`)).status).toBe(200);
    await sleep(500);
    expect((await asAda("POST", `/api/conversations/${conversationId}/resume`)).status).toBe(200);
    await waitFor(() => muLawToneLevel(stream.frames, 1000) > 0.1, () => `resumed: stream 1000 at ${muLawToneLevel(stream.frames, 1000)}`);
    await sleep(1_000);
    await hangUp(call, stream);

    const logged = await loggedCall(conversationId, (found) => found.recording.status !== "none" || found.recording.error !== null);
    expect(logged).toMatchObject({ channelId, channelType: "twilio_voice", direction: "inbound", from: "+15558000001", state: "ended", sessionId: call.sessionId, conversationId, endReason: "hangup", hungUpBy: "caller" });
    expect(logged.agents.map((stay) => stay.userId)).toEqual([ada.id]);
    expect(logged.holdMs).toBeGreaterThan(300);
    expect(logged.recording).toMatchObject({ mode: "agent", status: "available", error: null });

    const file = await fetch(`${fx.server.url}${logged.recording.url ?? ""}`, { headers: { cookie: `${SESSION_COOKIE}=${ada.token}` } });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toContain("audio/ogg");
    const path = join(fx.server.dataDir, "downloaded-stream-recording.ogg");
    writeFileSync(path, Buffer.from(await file.arrayBuffer()));
    expect(Math.abs(ffprobeDuration(path) * 1000 - (logged.recording.durationMs ?? 0))).toBeLessThan(500);
    expect(logged.recording.durationMs ?? 0).toBeGreaterThan(2_000);
    // Tone levels in 200 ms blocks (sources start and stop: a level over the whole file would mix their phases).
    const left = blocks(ffmpegDecodePcm(path, 8000, 0));
    const right = blocks(ffmpegDecodePcm(path, 8000, 1));
    const withTone = (parts: Int16Array[], frequency: number) => parts.filter((block) => toneLevel(block, 8000, frequency) > 0.05).length;
    expect(withTone(left, 440), "blocks with the caller's tone on the left").toBeGreaterThan(left.length * 0.7);
    expect(withTone(right, 1000), "blocks with the agent's tone on the right").toBeGreaterThan(5);
    expect(withTone(left, 1000), "the agent is not on the caller's side").toBe(0);
  }, 60_000);

  it("a team that does not record: the streamed call is logged with no recording", async () => {
    expect((await fx.server.api("PATCH", "/api/teams/support", { recording: "off" })).status).toBe(200);
    const { call, conversationId, stream } = await streamedCall();
    await sleep(500);
    await hangUp(call, stream);
    const logged = await loggedCall(conversationId, (found) => found.state === "ended");
    expect(logged.recording).toMatchObject({ mode: "off", status: "none", url: null });
    expect((await asAda("GET", `/api/calls/${logged.id}/recording`)).status).toBe(404);
  }, 30_000);
});

describe("the agent's controls on a streamed call", () => {
  it("mute: the caller no longer hears the agent (the agent still hears the caller); unmute brings the agent back", async () => {
    const { call, stream } = await streamedCall();
    socket.send({ type: "softphone_mute", muted: true });
    await waitFor(() => muLawToneLevel(stream.frames, 1000) < 0.02, () => `the muted agent still reaches the caller at ${muLawToneLevel(stream.frames, 1000)}`);
    await sleep(500);
    expect(muLawToneLevel(stream.frames, 1000, 500)).toBeLessThan(0.02);
    await waitFor(() => softphone.toneLevel(440) > 0.1, () => `the muted agent no longer hears the caller: ${softphone.toneLevel(440)}`);
    socket.send({ type: "softphone_mute", muted: false });
    await waitFor(() => muLawToneLevel(stream.frames, 1000) > 0.1, () => `unmuted: the caller hears the agent at ${muLawToneLevel(stream.frames, 1000)}`);
    await hangUp(call, stream);
  }, 30_000);

  it("three-way: an agent invited into the streamed call is mixed in: the caller hears both agents, each agent the caller and the other", async () => {
    const { call, conversationId, stream } = await streamedCall();
    const invited = await asAda("POST", `/api/conversations/${conversationId}/participants`, { channel: "console", role: "agent", address: bob.id, displayName: "Bob" });
    expect(invited.status, invited.text).toBe(201);
    await waitFor(
      () => muLawToneLevel(stream.frames, 700) > 0.05 && muLawToneLevel(stream.frames, 1000) > 0.05 && bob.softphone.toneLevel(440) > 0.05 && bob.softphone.toneLevel(1000) > 0.05 && softphone.toneLevel(700) > 0.05,
      () =>
        `caller hears 700 ${muLawToneLevel(stream.frames, 700)} / 1000 ${muLawToneLevel(stream.frames, 1000)}; Bob hears 440 ${bob.softphone.toneLevel(440)} / 1000 ${bob.softphone.toneLevel(1000)}; Ada hears 700 ${softphone.toneLevel(700)}`,
    );
    expect(fx.server.media.streamAgents.agentsOn(conversationId).sort()).toEqual([ada.id, bob.id].sort());
    // Ada still hears the caller with Bob mixed in (polled: a level is over the last 400 ms, and a busy machine delays packets).
    await waitFor(() => softphone.toneLevel(440) > 0.05, () => `Ada hears the caller at ${softphone.toneLevel(440)}`);
    await hangUp(call, stream);
    await waitFor(() => bob.softphone.toneLevel(440) < 0.02, () => `Bob still hears the caller at ${bob.softphone.toneLevel(440)}`);
    const logged = await loggedCall(conversationId, (found) => found.state === "ended");
    expect(logged.agents.map((stay) => stay.userId).sort()).toEqual([ada.id, bob.id].sort());
  }, 30_000);

  it("the keypad: the console is told the softphone is on the call and that keys cannot reach this caller; a key pressed anyway is refused, saying why", async () => {
    const { call, conversationId, stream } = await streamedCall();
    const joined = await socket.next("softphone_call", (frame) => frame.conversationId === conversationId && frame.joined, 10_000);
    expect(joined).toMatchObject({ joined: true, keysReachCaller: false });
    const logsBefore = fx.server.logs.length;
    await softphone.sendDigits("5", { toneMs: 120 });
    await waitFor(() => fx.server.logs.slice(logsBefore).some((line) => line.includes(STREAM_NO_KEYS)), () => `logs: ${fx.server.logs.slice(logsBefore).join(" | ")}`);
    await waitFor(() => muLawToneLevel(stream.frames, 1000) > 0.1, () => `the caller no longer hears the agent: ${muLawToneLevel(stream.frames, 1000)}`);
    await hangUp(call, stream);
    const left = await socket.next("softphone_call", (frame) => frame.conversationId === conversationId && !frame.joined, 10_000);
    expect(left.keysReachCaller).toBe(false);
  }, 30_000);
});
