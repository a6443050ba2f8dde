import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { convert, espeakWav } from "../audio/test-support/audio-fixtures";
import { SESSION_COOKIE } from "../http/auth/session-cookie";
import { AgentClient } from "../rooms/test-support/agent-client";
import { pollUntil } from "../test-support/api-client";
import { alwaysOpenSupportLine, withNodeData } from "../test-support/example-flows";
import { TEST_API_KEY } from "../test-support/test-server";
import { TEST_ACCOUNT } from "./test-support/fake-twilio";
import { element, readTwiml } from "./test-support/twiml-reader";
import { PUBLIC_URL, type TestCall, VoiceFixture } from "./test-support/voice-fixture";

const fx = new VoiceFixture();
const CALLS = `/2010-04-01/Accounts/${TEST_ACCOUNT.accountSid}/Calls`;
let work = "";
let lineId = "";
let ownHoldLineId = "";
let teamMusic = "";
let alice: { id: string; token: string };
let socket: AgentClient;
let callers = 0;

/** An asset of the audio library (a second of espeak-ng speech, uploaded through the API). */
async function uploadAsset(): Promise<string> {
  const wav = convert(espeakWav(work, "Thank you for holding. An agent will be with you soon."), join(work, "team-music.wav"), ["-t", "1"]);
  const form = new FormData();
  form.set("file", new Blob([Uint8Array.from(readFileSync(wav))]), "team-music.wav");
  const response = await fetch(`${fx.server.url}/api/audio`, { method: "POST", headers: { authorization: `Bearer ${TEST_API_KEY}` }, body: form });
  expect(response.status).toBe(201);
  return z.object({ id: z.string() }).parse(await response.json()).id;
}

async function setSupport(change: Record<string, unknown>): Promise<void> {
  const res = await fx.server.api("PATCH", "/api/teams/support", change);
  expect(res.status, res.text).toBe(200);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "switchboard-team-voice-"));
  await fx.start();
  await fx.publish(alwaysOpenSupportLine("team-line"));
  lineId = await fx.channel("team-line");
  // The same line whose support transfer names its own hold audio.
  await fx.publish(withNodeData(alwaysOpenSupportLine("own-hold-line"), "to_support", { holdAudio: "ringback" }));
  ownHoldLineId = await fx.channel("own-hold-line");
  teamMusic = await uploadAsset();
  const created = await fx.server.store.users.createUser({ email: "alice@acme.test", name: "Alice", role: "agent", password: "alice password" });
  if (!created.ok) throw new Error(created.error.message);
  await fx.server.store.teams.addMember("support", created.value.id);
  alice = { id: created.value.id, token: (await fx.server.store.authSessions.createAuthSession(created.value.id, 3_600_000)).token };
  socket = await AgentClient.connect(`${fx.server.url.replace(/^http/, "ws")}/ws/agent`, alice.token);
  socket.startHeartbeats(5_000);
});
afterAll(async () => {
  await socket.close();
  await fx.stop();
  rmSync(work, { recursive: true, force: true });
});
beforeEach(() => setSupport({ holdAudio: null, transferTimeoutSeconds: null }));

/** A new caller on `channelId` who presses 2 (support) and waits in the queue; returns the call and its `<Enqueue>` document. */
async function queuedCall(channelId: string): Promise<{ call: TestCall; queued: string }> {
  callers += 1;
  const call = fx.call(channelId, `+1555700000${callers}`);
  fx.provider.reply(`${CALLS}/${call.callSid}.json`, { status: 200, body: JSON.stringify({ sid: call.callSid, status: "in-progress" }) });
  const first = await call.incoming();
  const queued = await call.answer(first.text, { Digits: "2" });
  expect(element(queued.text, "Enqueue").text).toBe("support");
  return { call, queued: queued.text };
}

/** What the `<Enqueue waitUrl>` document plays. */
async function holdMusicOf(call: TestCall, queued: string): Promise<string> {
  const hold = await call.hold(queued);
  expect(hold.status, hold.text).toBe(200);
  return element(hold.text, "Play").text;
}

describe("a team's hold audio on a Twilio voice line", () => {
  it("the hold document plays the team's audio when the transfer names none", async () => {
    await setSupport({ holdAudio: teamMusic });
    const { call, queued } = await queuedCall(lineId);
    expect(await holdMusicOf(call, queued)).toBe(`${PUBLIC_URL}/audio/${teamMusic}.wav`);
    // And the caller's phone can fetch it.
    const served = await fetch(`${fx.server.url}/audio/${teamMusic}.wav`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("audio/wav");
    await call.status("completed");
  });

  it("the transfer's own holdAudio wins over the team's; a team without one plays the shipped hold", async () => {
    await setSupport({ holdAudio: teamMusic });
    const own = await queuedCall(ownHoldLineId);
    expect(await holdMusicOf(own.call, own.queued)).toBe(`${PUBLIC_URL}/audio/ringback.wav`);
    await own.call.status("completed");

    await setSupport({ holdAudio: null });
    const plain = await queuedCall(lineId);
    expect(await holdMusicOf(plain.call, plain.queued)).toBe(`${PUBLIC_URL}/audio/hold.wav`);
    await plain.call.status("completed");
  });

  it("an agent's hold in the room plays the team's audio (read at the hold: a change reaches the next one)", async () => {
    await setSupport({ holdAudio: "ringback" });
    const { call } = await queuedCall(lineId);
    const offer = await socket.next("offer", (frame) => frame.offer.conversation.sessionId === call.sessionId);
    const conversationId = offer.offer.conversation.id;
    const asAlice = (path: string) => fx.server.api("POST", `/api/conversations/${conversationId}/${path}`, undefined, { key: null, headers: { cookie: `${SESSION_COOKIE}=${alice.token}` } });
    expect((await asAlice("accept")).status).toBe(200);
    const updates = () => fx.provider.requests.filter((seen) => seen.method === "POST" && seen.url === `${CALLS}/${call.callSid}.json`).map((seen) => new URLSearchParams(seen.body).get("Twiml") ?? "");
    const update = (n: number) => pollUntil(async () => updates()[n - 1], 8_000, () => `Calls update #${n}`, 25);
    await update(1); // connected: the speech loop

    const holds: unknown[] = [];
    const stop = fx.server.rooms.bus.subscribe((event) => {
      if (event.type === "conversation.hold") holds.push({ onHold: event.onHold, holdAudio: event.holdAudio });
    });
    expect((await asAlice("hold")).status).toBe(200);
    const held = readTwiml(await update(2));
    expect(held.at(-1)).toMatchObject({ name: "Play", attributes: { loop: "0" }, text: `${PUBLIC_URL}/audio/ringback.wav` });
    expect((await asAlice("resume")).status).toBe(200);
    await update(3);

    await setSupport({ holdAudio: teamMusic });
    expect((await asAlice("hold")).status).toBe(200);
    expect(readTwiml(await update(4)).at(-1)).toMatchObject({ name: "Play", text: `${PUBLIC_URL}/audio/${teamMusic}.wav` });
    stop();
    expect(holds).toEqual([
      { onHold: true, holdAudio: "ringback" },
      { onHold: false, holdAudio: "ringback" },
      { onHold: true, holdAudio: teamMusic },
    ]);
    expect((await asAlice("close")).status).toBe(200);
  });
});

describe("a team's transfer timeout on a Twilio voice line", () => {
  it("arms the transfer_timeout timer at the team's timeout instead of the node's 120 s, and ends at no_answer when it fires", async () => {
    const before = Date.now();
    const { call: plain } = await queuedCall(lineId);
    const plainTimers = await fx.server.store.timers.listPending(plain.sessionId);
    expect(plainTimers).toEqual([expect.objectContaining({ kind: "transfer_timeout" })]);
    expect(plainTimers[0]?.dueAt).toBeGreaterThanOrEqual(before + 120_000);
    expect(plainTimers[0]?.dueAt).toBeLessThanOrEqual(Date.now() + 120_000);
    await plain.status("completed");

    await setSupport({ transferTimeoutSeconds: 45 });
    const start = Date.now();
    const { call } = await queuedCall(lineId);
    const timers = await fx.server.store.timers.listPending(call.sessionId);
    expect(timers).toEqual([expect.objectContaining({ kind: "transfer_timeout" })]);
    expect(timers[0]?.dueAt).toBeGreaterThanOrEqual(start + 45_000);
    expect(timers[0]?.dueAt).toBeLessThanOrEqual(Date.now() + 45_000);

    // Due now: the flow goes on at no_answer (the support line says everyone is busy and hangs up).
    fx.server.store.database.sqlite.prepare("UPDATE timers SET due_at = ? WHERE session_id = ? AND fired_at IS NULL").run(Date.now() - 1, call.sessionId);
    const session = await pollUntil(
      async () => {
        const found = await fx.session(call.sessionId);
        return found.status === "ended" ? found : undefined;
      },
      5_000,
      () => "the session to end",
      25,
    );
    expect(session.steps.map((step) => `${step.nodeId}:${step.outcome ?? ""}`)).toContain("to_support:no_answer");
  });
});
