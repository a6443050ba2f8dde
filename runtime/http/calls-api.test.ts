import { randomUUID } from "node:crypto";
import { readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { conversations, users } from "../../drizzle/schema";
import { recordingsDir } from "../calls/recordings-folder";
import { oggTone } from "../calls/test-support/ogg-tone";
import { deskFlows } from "../rooms/test-support/desk-flows";
import { callApi } from "../test-support/api-client";
import { startTestServer, TEST_API_KEY, type TestServer } from "../test-support/test-server";
import { SESSION_COOKIE } from "./auth/session-cookie";

let server: TestServer;
type As = "key" | "nobody" | { token: string };
const tokens: Record<"ana" | "bob" | "boss", { id: string; token: string }> = { ana: { id: "", token: "" }, bob: { id: "", token: "" }, boss: { id: "", token: "" } };
/** A: support's room and session, answered, Ana on it, recorded. B: the same session, no room link, not recorded. C: a session that reached no team, Bob on it, recording failed. D: billing's room. */
const ids = { a: "", b: "", c: "", d: "", s1: "", s2: "", s3: "" };
let recordingBytes: Buffer;

const Call = z.object({
  id: z.string(),
  state: z.string(),
  durationMs: z.number().nullable(),
  holdMs: z.number(),
  talkMs: z.number(),
  hungUpBy: z.string().nullable(),
  endReason: z.string().nullable(),
  agents: z.array(z.object({ name: z.string().nullable(), joinedAt: z.string(), leftAt: z.string().nullable() })),
  recording: z.object({ mode: z.string(), status: z.string(), url: z.string().nullable(), durationMs: z.number().nullable(), error: z.string().nullable() }),
});
const Page = z.object({ items: z.array(Call), nextCursor: z.string().nullable() });

function call(method: string, path: string, as: As, headers: Record<string, string> = {}) {
  if (as === "key") return server.api(method, path, undefined, { headers });
  if (as === "nobody") return server.api(method, path, undefined, { key: null, headers });
  return callApi(server.url, method, path, { headers: { ...headers, cookie: `${SESSION_COOKIE}=${as.token}` } });
}
const idsOf = async (path: string, as: As) => Page.parse((await call("GET", path, as)).body).items.map((item) => item.id);

async function person(name: string, role: "agent" | "admin", team: string | null): Promise<{ id: string; token: string }> {
  const id = randomUUID();
  server.store.db.insert(users).values({ id, email: `${name}@acme.test`, name, role, passwordHash: "none", createdAt: Date.now() }).run();
  if (team !== null) await server.store.teams.addMember(team, id);
  return { id, token: (await server.store.authSessions.createAuthSession(id, 3_600_000)).token };
}

async function session(contact: string): Promise<string> {
  return (await server.store.sessions.createSession({ flowId: "desk", version: 1, channelType: "webvoice", contact, state: {} })).id;
}

function room(sessionId: string, teamId: string): string {
  const id = randomUUID();
  const at = Date.now();
  server.store.db.insert(conversations).values({ id, sessionId, teamId, channelType: "webvoice", contact: "visitor", subject: "Caller", priority: "normal", status: "closed", createdAt: at, updatedAt: at }).run();
  return id;
}

beforeAll(async () => {
  server = await startTestServer({ SEED_EXAMPLES: "0" });
  const { store } = server;
  for (const document of deskFlows()) {
    await store.flows.createFlow(document, "test");
    await store.flows.publish(document.id, { author: "test" });
  }
  await store.teams.createTeam({ id: "support", name: "Support" });
  await store.teams.createTeam({ id: "billing", name: "Billing" });
  tokens.ana = await person("Ana", "agent", "support");
  tokens.bob = await person("Bob", "agent", "billing");
  tokens.boss = await person("Boss", "admin", null);
  ids.s1 = await session("visitor-1");
  ids.s2 = await session("visitor-2");
  ids.s3 = await session("visitor-3");
  const supportRoom = room(ids.s1, "support");
  const billingRoom = room(ids.s3, "billing");

  const base = { channelId: null, channelType: "webvoice", direction: "inbound", from: "visitor-1", to: null } as const;
  const a = await store.calls.create({ ...base, sessionId: ids.s1 });
  const t0 = a.createdAt;
  await store.calls.answered(a.id, t0 + 1_000);
  await store.calls.linkConversation(a.id, supportRoom);
  await store.calls.agentJoined(a.id, tokens.ana.id, t0 + 21_000);
  await store.calls.addHold(a.id, 5_000);
  await store.calls.recording(a.id, { mode: "agent", path: `2025/${a.id}.ogg` });
  oggTone(join(recordingsDir(server.dataDir), "2025", `${a.id}.ogg`));
  recordingBytes = readFileSync(join(recordingsDir(server.dataDir), "2025", `${a.id}.ogg`));
  await store.calls.ended(a.id, { at: t0 + 61_000, reason: "hangup", hungUpBy: "caller" });
  await store.calls.recording(a.id, { mode: "agent", ms: 40_000 });

  const b = await store.calls.create({ ...base, id: `${a.id}-b`, sessionId: ids.s1 });
  const c = await store.calls.create({ ...base, id: `${a.id}-c`, sessionId: ids.s2 });
  await store.calls.answered(c.id, c.createdAt - 2_000);
  await store.calls.agentJoined(c.id, tokens.bob.id, c.createdAt - 1_000);
  await store.calls.recording(c.id, { mode: "call", error: "mix failed: ffmpeg exited with 1" });
  const d = await store.calls.create({ ...base, id: `${a.id}-d`, sessionId: ids.s3 });
  await store.calls.linkConversation(d.id, billingRoom);
  Object.assign(ids, { a: a.id, b: b.id, c: c.id, d: d.id });
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe("GET /api/calls", () => {
  it("shows admins (API key or signed in) a call with its agents, duration, hold and talk time, and its recording", async () => {
    for (const as of ["key", tokens.boss] as const) {
      const response = await call("GET", `/api/calls/${ids.a}`, as);
      expect(response.status, response.text).toBe(200);
      expect(Call.parse(response.body)).toMatchObject({
        state: "ended",
        durationMs: 60_000, // answered → ended
        holdMs: 5_000,
        talkMs: 35_000, // Ana on it for 40 s, less 5 s on hold
        hungUpBy: "caller",
        endReason: "hangup",
        agents: [{ name: "Ana", leftAt: expect.any(String) }],
        recording: { mode: "agent", status: "available", url: `/api/calls/${ids.a}/recording`, durationMs: 40_000, error: null },
      });
    }
    const failed = Call.parse((await call("GET", `/api/calls/${ids.c}`, "key")).body);
    expect(failed).toMatchObject({ state: "active", hungUpBy: null, agents: [{ name: "Bob", leftAt: null }], recording: { status: "failed", url: null, error: "mix failed: ffmpeg exited with 1" } });
    expect(failed.durationMs).toBeGreaterThan(0); // so far
    expect(Call.parse((await call("GET", `/api/calls/${ids.b}`, "key")).body)).toMatchObject({ durationMs: null, talkMs: 0, recording: { mode: "off", status: "none", url: null } });
    expect((await call("GET", "/api/calls/no-such-call", "key")).status).toBe(404);
  });

  it("lists a session's calls newest first, and every call a page at a time", async () => {
    expect(await idsOf(`/api/calls?sessionId=${ids.s1}`, "key")).toEqual([ids.b, ids.a]);
    expect(await idsOf("/api/calls?sessionId=nothing", "key")).toEqual([]);
    // A page of the call logs asks for its sessions' calls at once.
    expect(await idsOf(`/api/calls?sessionIds=${ids.s1},${ids.s3},nothing`, "key")).toEqual([ids.d, ids.b, ids.a]);
    const tooManySessions = await call("GET", `/api/calls?sessionIds=${Array.from({ length: 201 }, (_, index) => `s${index}`).join(",")}`, "key");
    expect(tooManySessions.status).toBe(400);
    expect(tooManySessions.text).toContain("query.sessionIds");
    const first = Page.parse((await call("GET", "/api/calls?limit=3", "key")).body);
    expect(first.items.map((item) => item.id)).toEqual([ids.d, ids.c, ids.b]);
    expect(first.nextCursor).toBe(ids.b);
    const second = Page.parse((await call("GET", `/api/calls?limit=3&before=${ids.b}`, "key")).body);
    expect(second).toMatchObject({ items: [{ id: ids.a }], nextCursor: null });
    const unknown = await call("GET", "/api/calls?before=nope", "key");
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: { code: "invalid_cursor", message: expect.stringContaining("query.before") } });
    const tooMany = await call("GET", "/api/calls?limit=501", "key");
    expect(tooMany.status).toBe(400);
    expect(tooMany.text).toContain("query.limit");
  });

  it("shows an agent the calls of their teams' rooms and sessions and the calls they were on, and 404 for the others", async () => {
    const ana = tokens.ana;
    expect((await call("GET", `/api/calls/${ids.a}`, ana)).status).toBe(200); // support's room
    expect((await call("GET", `/api/calls/${ids.b}`, ana)).status).toBe(200); // support's session, no room link
    expect((await call("GET", `/api/calls/${ids.c}`, ana)).status).toBe(404); // reached no team
    expect((await call("GET", `/api/calls/${ids.d}`, ana)).status).toBe(404); // billing's
    expect(await idsOf("/api/calls", ana)).toEqual([ids.b, ids.a]);
    expect(await idsOf(`/api/calls?sessionId=${ids.s3}`, ana)).toEqual([]);
    expect(await idsOf(`/api/calls?sessionIds=${ids.s1},${ids.s2},${ids.s3}`, ana)).toEqual([ids.b, ids.a]);

    const bob = tokens.bob;
    expect((await call("GET", `/api/calls/${ids.a}`, bob)).body).toMatchObject({ error: { code: "call_not_found" } });
    expect((await call("GET", `/api/calls/${ids.c}`, bob)).status).toBe(200); // he was on it
    expect((await call("GET", `/api/calls/${ids.d}`, bob)).status).toBe(200);
    expect(await idsOf("/api/calls", bob)).toEqual([ids.d, ids.c]);
    expect((await call("GET", `/api/calls/${ids.a}`, "nobody")).status).toBe(401);
    expect((await call("GET", "/api/calls", "nobody")).status).toBe(401);
  });

  it("lists an agent room's calls, and with mine=true the calls the signed-in user placed or was on, a page at a time; not for an API key", async () => {
    const { store } = server;
    // Ana dials out from the console: her room; the number was busy, she was never on the call.
    const { conversation } = await store.rooms.conversations.openOutbound({
      agentId: tokens.ana.id,
      agentName: "Ana",
      teamId: "support",
      channelType: "sip_trunk",
      channelId: null,
      contact: "+15550100123",
      subject: "Call to +15550100123",
      message: "Ana called +15550100123",
    });
    const busy = await store.calls.create({ id: `${ids.a}-e`, channelId: null, channelType: "sip_trunk", direction: "outbound", from: null, to: "+15550100123" });
    await store.calls.linkConversation(busy.id, conversation.id);
    await store.calls.ended(busy.id, { at: busy.createdAt + 3_000, reason: "busy", hungUpBy: "system" });

    expect(await idsOf(`/api/calls?conversationId=${conversation.id}`, tokens.ana)).toEqual([busy.id]);
    expect(await idsOf(`/api/calls?conversationId=${conversation.id}`, "key")).toEqual([busy.id]);
    expect(await idsOf(`/api/calls?conversationId=${conversation.id}`, tokens.bob)).toEqual([]); // support's room, not his
    expect(await idsOf("/api/calls?conversationId=nothing", "key")).toEqual([]);

    // Ana: the call she placed and the one she was on (not B, support's too, which she never was on).
    expect(await idsOf("/api/calls?mine=true", tokens.ana)).toEqual([busy.id, ids.a]);
    const first = Page.parse((await call("GET", "/api/calls?mine=true&limit=1", tokens.ana)).body);
    expect(first).toMatchObject({ items: [{ id: busy.id, endReason: "busy", durationMs: null }], nextCursor: busy.id });
    expect(await idsOf(`/api/calls?mine=true&limit=1&before=${busy.id}`, tokens.ana)).toEqual([ids.a]);
    expect(await idsOf("/api/calls?mine=true", tokens.bob)).toEqual([ids.c]);
    expect(await idsOf("/api/calls?mine=true", tokens.boss)).toEqual([]); // an admin sees every call, but has none of their own
    expect(await idsOf("/api/calls?mine=false", tokens.boss)).toHaveLength(5);

    const keyed = await call("GET", "/api/calls?mine=true", "key");
    expect(keyed.status).toBe(400);
    expect(keyed.body).toMatchObject({ error: { code: "invalid_request", message: expect.stringMatching(/^query\.mine: /) } });
    const wrong = await call("GET", "/api/calls?mine=yes", tokens.ana);
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain("query.mine");
  });

  it("is described in the OpenAPI document", async () => {
    const doc = z.object({ paths: z.record(z.string(), z.unknown()) }).parse((await call("GET", "/api/openapi.json", "key")).body);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/calls", "/api/calls/{id}", "/api/calls/{id}/recording"]));
  });
});

describe("GET /api/calls/:id/recording", () => {
  it("streams the Ogg file to those who may see the call, never cached; 404 to an agent of another team, 401 without credentials", async () => {
    for (const as of ["key", tokens.boss, tokens.ana] as const) {
      const response = await fetch(`${server.url}/api/calls/${ids.a}/recording`, { headers: as === "key" ? { authorization: `Bearer ${TEST_API_KEY}` } : { cookie: `${SESSION_COOKIE}=${as.token}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("audio/ogg");
      expect(response.headers.get("cache-control")).toBe("private, no-store");
      expect(response.headers.get("accept-ranges")).toBe("bytes");
      expect(Buffer.from(await response.arrayBuffer()).equals(recordingBytes)).toBe(true);
    }
    expect((await call("GET", `/api/calls/${ids.a}/recording`, tokens.bob)).body).toMatchObject({ error: { code: "call_not_found" } });
    expect((await call("GET", `/api/calls/${ids.a}/recording`, "nobody")).status).toBe(401);
    // Not among the public audio files either.
    expect((await call("GET", `/audio/${ids.a}.ogg`, "nobody")).status).toBe(404);
  });

  it("answers byte ranges: 206 with Content-Range, 416 past the end", async () => {
    const size = recordingBytes.length;
    const head = await fetch(`${server.url}/api/calls/${ids.a}/recording`, { headers: { cookie: `${SESSION_COOKIE}=${tokens.ana.token}`, range: "bytes=0-99" } });
    expect(head.status).toBe(206);
    expect(head.headers.get("content-range")).toBe(`bytes 0-99/${size}`);
    expect(Buffer.from(await head.arrayBuffer()).equals(recordingBytes.subarray(0, 100))).toBe(true);
    const tail = await call("GET", `/api/calls/${ids.a}/recording`, "key", { range: "bytes=-10" });
    expect(tail.status).toBe(206);
    expect(tail.headers.get("content-range")).toBe(`bytes ${size - 10}-${size - 1}/${size}`);
    const past = await call("GET", `/api/calls/${ids.a}/recording`, "key", { range: `bytes=${size}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get("content-range")).toBe(`bytes */${size}`);
  });

  it("404 when the call has no recording, its recording failed, or its file is gone", async () => {
    expect((await call("GET", `/api/calls/${ids.b}/recording`, "key")).body).toMatchObject({ error: { code: "recording_not_found", message: `call ${ids.b} has no recording` } });
    expect((await call("GET", `/api/calls/${ids.c}/recording`, "key")).status).toBe(404);
    expect((await call("GET", "/api/calls/no-such-call/recording", "key")).body).toMatchObject({ error: { code: "call_not_found" } });
    rmSync(join(recordingsDir(server.dataDir), "2025", `${ids.a}.ogg`));
    const gone = await call("GET", `/api/calls/${ids.a}/recording`, "key");
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ error: { code: "recording_not_found", message: expect.stringContaining("its file is gone") } });
  });

  it("keeps the recordings folder to this user (0700)", () => {
    expect(statSync(recordingsDir(server.dataDir)).mode & 0o777).toBe(0o700);
  });
});
