import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { users } from "../../../drizzle/schema";
import { sessionRecordingsDir } from "../../calls/recordings-folder";
import { SessionState } from "../../engine/index";
import { SESSION_COOKIE } from "../../http/auth/session-cookie";
import { toneLevel } from "../../media/analysis/goertzel";
import { ffmpegDecodePcm, ffprobeDuration } from "../../media/test-support/ffmpeg-audio";
import { WeriftPeer } from "../../media/test-support/werift-peer";
import { pollUntil } from "../../test-support/api-client";
import { startTestServer, TEST_API_KEY, type TestServer } from "../../test-support/test-server";
import { webvoiceSocketUrl } from "./webvoice-driver";
import { WebvoiceClient } from "./test-support/webvoice-client";

/**
 * The record node on the media plane (browser voice, a werift caller sending real Opus): after
 * the prompt the caller hears the beep, then only their own audio is recorded until silence, the
 * finish key, the maximum length or their hang-up; the file (decoded by ffmpeg) holds their 440 Hz
 * tone and not the 1,000 Hz beep; it is kept with the session and played by the sessions API.
 */

const SHOP = "http://shop.example.test:8080";
const RATE = 16_000;
let server: TestServer;
/** Silence ends it after 2 s; `#` ends it; at most 30 s. */
let voicemailChannel = "";
/** At most 3 s; silence would take 30 s. */
let shortChannel = "";

const voicemailFlow = (id: string, maxLengthSeconds: number, silenceTimeoutSeconds: number) => ({
  schemaVersion: 1,
  id,
  name: `Voicemail ${id}`,
  entry: "leave_message",
  nodes: [
    { id: "leave_message", type: "record", position: { x: 0, y: 0 }, data: { prompt: { text: "Leave a message." }, maxLengthSeconds, silenceTimeoutSeconds, finishOnKey: "#", storeAs: "voicemail" } },
    { id: "recorded", type: "hangup", position: { x: -200, y: 200 }, data: { prompt: { text: "Thanks." } } },
    { id: "nothing", type: "hangup", position: { x: 200, y: 200 }, data: { prompt: { text: "We could not hear you. Goodbye." } } },
  ],
  edges: [
    { id: "e1", source: "leave_message", sourceHandle: "recorded", target: "recorded" },
    { id: "e2", source: "leave_message", sourceHandle: "no_audio", target: "nothing" },
  ],
});

async function channelFor(flow: ReturnType<typeof voicemailFlow>): Promise<string> {
  expect((await server.api("POST", "/api/flows", flow)).status).toBe(201);
  expect((await server.api("POST", `/api/flows/${flow.id}/publish`, { note: "v1" })).status).toBe(201);
  const channel = await server.api("POST", "/api/channels", { type: "webvoice", name: `Site voice ${flow.id}`, flowId: flow.id, settings: { allowedOrigins: [SHOP] } });
  expect(channel.status, channel.text).toBe(201);
  return z.object({ id: z.string() }).parse(channel.body).id;
}

beforeAll(async () => {
  server = await startTestServer();
  voicemailChannel = await channelFor(voicemailFlow("web-voicemail", 30, 2));
  shortChannel = await channelFor(voicemailFlow("web-voicemail-short", 3, 30));
});
afterAll(() => server.close());

interface Caller {
  client: WebvoiceClient;
  peer: WeriftPeer;
  callId: string;
  sessionId: string;
  close(): Promise<void>;
}

/** A browser caller on `channelId`, connected, its session started; resolves once it heard the beep end. */
async function callAndHearBeep(channelId: string): Promise<Caller> {
  const opened = await WebvoiceClient.open(webvoiceSocketUrl(server.url, channelId), SHOP);
  if (!opened.ok) throw new Error(`socket refused: ${opened.status}`);
  const { client } = opened;
  await client.next("ready");
  const peer = await WeriftPeer.offer();
  peer.play(undefined);
  client.send({ type: "call", sdp: peer.offerSdp, visitor: `visitor_${randomUUID().replaceAll("-", "")}` });
  const answer = await client.next("answer");
  await peer.applyAnswer(answer.sdp);
  await client.next("connected", () => true, 30_000);
  const close = async () => {
    client.close();
    await peer.close();
  };
  try {
    await pollUntil(async () => (peer.toneLevel(1000, 200) > 0.1 ? true : undefined), 20_000, () => `the beep (1,000 Hz at ${peer.toneLevel(1000, 200)})`, 20);
    await pollUntil(async () => (peer.toneLevel(1000, 100) < 0.02 ? true : undefined), 5_000, () => "the beep's end", 20);
    const sessionId = await pollUntil(async () => z.object({ session_id: z.string().nullable() }).parse(server.store.database.sqlite.prepare("SELECT session_id FROM calls WHERE id = ?").get(answer.callId)).session_id ?? undefined, 5_000, () => "the call's session");
    // The recording starts when the beep's playback ended in the media process: a moment after the caller heard it end.
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { client, peer, callId: answer.callId, sessionId, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The session's steps as `node:outcome`, once one of `last` (a node, or `node:outcome`) is among them. */
async function steps(sessionId: string, last: string): Promise<string[]> {
  const listed = await pollUntil(
    async () => {
      const all = await server.store.sessions.listSteps(sessionId);
      return all.some((step) => step.nodeId === last || `${step.nodeId}:${step.outcome ?? ""}` === last) ? all : undefined;
    },
    20_000,
    () => `the step ${last}`,
  );
  return listed.map((step) => `${step.nodeId}:${step.outcome ?? ""}`);
}

async function state(sessionId: string): Promise<SessionState> {
  return SessionState.parse((await server.store.sessions.getSessionHead(sessionId))?.state);
}

/** The loudest `frequency` over half-second windows of a decoded recording. */
function loudest(pcm: Int16Array, frequency: number): number {
  let level = 0;
  for (let start = 0; start + RATE / 2 <= pcm.length; start += RATE / 4) level = Math.max(level, toneLevel(pcm.subarray(start, start + RATE / 2), RATE, frequency));
  return level;
}

const Recording = z.object({ id: z.string(), url: z.string(), durationSeconds: z.number(), digits: z.string().optional() });

function recordingFileOf(sessionId: string, recordingId: string): string {
  return join(sessionRecordingsDir(server.dataDir), sessionId, `${recordingId}.ogg`);
}

describe("record on browser voice", () => {
  it("records the caller's tone after the beep, ends on silence as recorded, and keeps the file with the session: only the caller, not the beep", async () => {
    const caller = await callAndHearBeep(voicemailChannel);
    try {
      caller.peer.play(440);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      caller.peer.play(undefined);
      const startedSilence = performance.now();
      expect(await steps(caller.sessionId, "recorded")).toEqual(["leave_message:waiting", "leave_message:recorded", "recorded:ended"]);
      // Silence ended it (2 s), not the 30 s maximum.
      expect(performance.now() - startedSilence).toBeLessThan(10_000);
      const after = await state(caller.sessionId);
      const recording = Recording.parse(after.vars.voicemail);
      expect(recording.digits).toBeUndefined();
      expect(recording.url).toBe(`/api/sessions/${caller.sessionId}/recordings/${recording.id}`);
      // 1.5 s of tone and 2 s of silence.
      expect(recording.durationSeconds).toBeGreaterThan(3);
      expect(recording.durationSeconds).toBeLessThan(6);
      expect(after.nodes.leave_message).toMatchObject({ status: "recorded", recordingId: recording.id, durationSeconds: recording.durationSeconds });

      const file = recordingFileOf(caller.sessionId, recording.id);
      expect(ffprobeDuration(file)).toBeCloseTo(recording.durationSeconds, 0);
      const pcm = ffmpegDecodePcm(file, RATE);
      expect(loudest(pcm, 440), "the caller's tone").toBeGreaterThan(0.1);
      expect(loudest(pcm, 1000), "the beep").toBeLessThan(0.01);
      // It ends in the silence that ended it.
      expect(toneLevel(pcm.subarray(pcm.length - RATE), RATE, 440)).toBeLessThan(0.01);

      const detail = await server.api("GET", `/api/sessions/${caller.sessionId}`);
      expect(detail.body).toMatchObject({
        recordings: [{ id: recording.id, nodeId: "leave_message", callId: caller.callId, source: "media", url: recording.url, contentType: "audio/ogg", finishKey: null, bytes: readFileSync(file).length }],
      });
      const played = await fetch(`${server.url}${recording.url}`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
      expect(played.status).toBe(200);
      expect(played.headers.get("content-type")).toBe("audio/ogg");
      expect(Buffer.from(await played.arrayBuffer()).equals(readFileSync(file))).toBe(true);

      // An agent whose teams the session never reached is told it does not exist; so is anyone asking for an unknown recording.
      const agentId = randomUUID();
      server.store.db.insert(users).values({ id: agentId, email: "ana@acme.test", name: "Ana", role: "agent", passwordHash: "none", createdAt: Date.now() }).run();
      const { token } = await server.store.authSessions.createAuthSession(agentId, 3_600_000);
      const asAgent = { key: null, headers: { cookie: `${SESSION_COOKIE}=${token}` } };
      const refused = await server.api("GET", recording.url, undefined, asAgent);
      expect(refused.status).toBe(404);
      expect(refused.body).toMatchObject({ error: { code: "session_not_found" } });
      expect((await server.api("GET", `/api/sessions/${caller.sessionId}`, undefined, asAgent)).status).toBe(404);
      const unknown = await server.api("GET", `/api/sessions/${caller.sessionId}/recordings/no-such-recording`);
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ error: { code: "recording_not_found", details: { field: "recordingId" } } });
      expect((await server.api("GET", recording.url, undefined, { key: null })).status).toBe(401);
    } finally {
      await caller.close();
    }
  });

  it("silence from the start takes no_audio once the silence timeout passed, and keeps no file", async () => {
    const caller = await callAndHearBeep(voicemailChannel);
    const listening = performance.now();
    try {
      expect(await steps(caller.sessionId, "nothing")).toEqual(["leave_message:waiting", "leave_message:no_audio", "nothing:ended"]);
      // It listened for the 2 s of silence (less the 0.3 s the caller waited after the beep) before giving up.
      expect(performance.now() - listening).toBeGreaterThan(1_500);
      expect((await state(caller.sessionId)).vars.voicemail).toBeUndefined();
      expect(await server.store.sessionRecordings.forSession(caller.sessionId)).toEqual([]);
      const folder = join(sessionRecordingsDir(server.dataDir), caller.sessionId);
      expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([]);
    } finally {
      await caller.close();
    }
  });

  it("the finish key ends it early as recorded, the key stored and not in the audio", async () => {
    const caller = await callAndHearBeep(voicemailChannel);
    try {
      caller.peer.play(440);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const pressed = performance.now();
      await caller.peer.sendDigits("#");
      expect(await steps(caller.sessionId, "recorded")).toEqual(["leave_message:waiting", "leave_message:recorded", "recorded:ended"]);
      // Well before the 2 s of silence could have ended it (the tone never stopped).
      expect(performance.now() - pressed).toBeLessThan(2_000);
      const recording = Recording.parse((await state(caller.sessionId)).vars.voicemail);
      expect(recording.digits).toBe("#");
      expect(recording.durationSeconds).toBeGreaterThan(0.8);
      expect(recording.durationSeconds).toBeLessThan(2.5);
      expect(await server.store.sessionRecordings.forSession(caller.sessionId)).toMatchObject([{ id: recording.id, finishKey: "#" }]);
      expect(loudest(ffmpegDecodePcm(recordingFileOf(caller.sessionId, recording.id), RATE), 440)).toBeGreaterThan(0.1);
    } finally {
      await caller.close();
    }
  });

  it("a caller who goes on talking is cut at the maximum length", async () => {
    const caller = await callAndHearBeep(shortChannel);
    try {
      caller.peer.play(440);
      expect(await steps(caller.sessionId, "recorded")).toEqual(["leave_message:waiting", "leave_message:recorded", "recorded:ended"]);
      const recording = Recording.parse((await state(caller.sessionId)).vars.voicemail);
      expect(recording.durationSeconds).toBeGreaterThanOrEqual(2.9);
      expect(recording.durationSeconds).toBeLessThan(3.6);
      const file = recordingFileOf(caller.sessionId, recording.id);
      expect(ffprobeDuration(file)).toBeLessThan(3.7);
      const pcm = ffmpegDecodePcm(file, RATE);
      // The tone runs to the end: cut while the caller spoke.
      expect(toneLevel(pcm.subarray(pcm.length - RATE / 2), RATE, 440)).toBeGreaterThan(0.1);
    } finally {
      await caller.close();
    }
  });

  it("the caller hanging up mid-recording takes hangup with what was recorded kept", async () => {
    const caller = await callAndHearBeep(voicemailChannel);
    try {
      caller.peer.play(440);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      caller.client.send({ type: "hangup" });
      const row = await pollUntil(async () => (await server.store.sessionRecordings.forSession(caller.sessionId))[0], 20_000, () => "the kept recording");
      // Nothing is connected to `hangup`: the node's answer ends the session as a hang-up does.
      expect(await steps(caller.sessionId, "leave_message:ended")).toEqual(["leave_message:waiting", "leave_message:ended"]);
      const session = await pollUntil(async () => {
        const head = await server.store.sessions.getSessionHead(caller.sessionId);
        return head?.status === "ended" ? head : undefined;
      }, 20_000, () => "the session's end");
      expect(session).toMatchObject({ status: "ended", endReason: "caller_hangup" });
      const after = await state(caller.sessionId);
      expect(after.nodes.leave_message).toMatchObject({ status: "hangup", recordingId: row.id });
      expect(Recording.parse(after.vars.voicemail).id).toBe(row.id);
      expect(row.durationMs).toBeGreaterThan(900);
      expect(row.durationMs).toBeLessThan(3_000);
      expect(loudest(ffmpegDecodePcm(recordingFileOf(caller.sessionId, row.id), RATE), 440)).toBeGreaterThan(0.1);
    } finally {
      await caller.close();
    }
  });
});
