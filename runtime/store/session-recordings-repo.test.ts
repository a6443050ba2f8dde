import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { NewSessionRecording } from "./session-recordings-repo";
import { sampleFlow } from "./test-support/sample-flow";
import { openTestRepos, type TestRepos } from "./test-support/test-repos";

let t: TestRepos;
beforeEach(async () => {
  t = await openTestRepos("session_recordings");
  await t.store.flows.createFlow(sampleFlow("voicemail"), "u1");
  await t.store.flows.publish("voicemail", { author: "u1" });
});
afterEach(() => t.dispose());

async function session(): Promise<string> {
  const created = await t.store.sessions.createSession({ flowId: "voicemail", version: 1, channelType: "webvoice", channelId: "ch-1", contact: "visitor-1", state: {} });
  return created.id;
}

const media = (sessionId: string, change: Partial<NewSessionRecording> = {}): NewSessionRecording => ({
  sessionId,
  nodeId: "leave_message",
  callId: "call-1",
  source: "media",
  path: "s1/r1.ogg",
  remoteUrl: null,
  contentType: "audio/ogg",
  durationMs: 4_260,
  bytes: 18_432,
  finishKey: "#",
  ...change,
});

describe("SessionRecordingsRepo", () => {
  it("keeps a session's recordings in order, a media file and a Twilio one, and finds each only under its own session", async () => {
    const [a, b] = [await session(), await session()];
    const first = await t.store.sessionRecordings.add(media(a));
    t.clock.advance(1_000);
    const twilio = await t.store.sessionRecordings.add(media(a, { source: "twilio", callId: "CA0123", path: null, remoteUrl: "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1", contentType: "audio/wav", bytes: null, finishKey: null, durationMs: 7_000 }));
    expect(first).toMatchObject({ ...media(a), createdAt: t.clock.time - 1_000 });
    expect(twilio).toMatchObject({ source: "twilio", path: null, bytes: null, remoteUrl: "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1" });
    expect((await t.store.sessionRecordings.forSession(a)).map((row) => row.id)).toEqual([first?.id, twilio?.id]);
    expect(await t.store.sessionRecordings.forSession(b)).toEqual([]);
    expect(await t.store.sessionRecordings.get(a, first?.id ?? "")).toEqual(first);
    expect(await t.store.sessionRecordings.get(b, first?.id ?? "")).toBeUndefined();
    // The same id again (a provider's retried callback) keeps the first row.
    expect(await t.store.sessionRecordings.add(media(a, { id: twilio?.id ?? "", durationMs: 1 }))).toEqual(twilio);
    expect(await t.store.sessionRecordings.forSession(a)).toHaveLength(2);
  });

  it("stores nothing for a session that is gone, and refuses a row that says neither where the audio is", async () => {
    expect(await t.store.sessionRecordings.add(media("no-such-session"))).toBeUndefined();
    const a = await session();
    await expect(t.store.sessionRecordings.add(media(a, { path: null, remoteUrl: null }))).rejects.toThrow();
    await expect(t.store.sessionRecordings.add(media(a, { durationMs: -1 }))).rejects.toThrow();
    expect(await t.store.sessionRecordings.forSession(a)).toEqual([]);
  });

  it("goes with its session", async () => {
    const a = await session();
    await t.store.sessionRecordings.add(media(a));
    await t.rows(sql`delete from sessions where id = ${a}`);
    const [row] = await t.rows(sql`select count(*) as n from session_recordings`);
    expect(Number(row?.n)).toBe(0);
  });
});
