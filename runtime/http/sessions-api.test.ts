import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "../../drizzle/schema";
import { pathOf, type SessionJson, type SimulationJson, sleep } from "../test-support/api-client";
import { alwaysOpenSupportLine } from "../test-support/example-flows";
import { startTestServer, TEST_API_KEY, type TestServer } from "../test-support/test-server";
import { SESSION_COOKIE } from "./auth/session-cookie";

interface Page {
  items: SessionJson[];
  nextCursor: string | null;
}

let server: TestServer;
/** logs-line sessions, oldest first: an ended voice simulation, a waiting chat simulation, a waiting "real" call. */
let endedVoice: SessionJson;
let waitingChat: SessionJson;
let phoneCall: SessionJson;
let other: SessionJson;

async function simulate(body: Record<string, unknown>): Promise<string> {
  const res = await server.api("POST", "/api/simulations", body);
  expect(res.status, res.text).toBe(201);
  return (res.body as SimulationJson).sessionId;
}

async function getSession(id: string): Promise<SessionJson> {
  const res = await server.api("GET", `/api/sessions/${id}`);
  expect(res.status, res.text).toBe(200);
  return res.body as SessionJson;
}

async function list(query: Record<string, string>): Promise<Page> {
  const res = await server.api("GET", `/api/sessions?${new URLSearchParams(query).toString()}`);
  expect(res.status, res.text).toBe(200);
  return res.body as Page;
}

const ids = (page: Page): string[] => page.items.map((item) => item.id);

beforeAll(async () => {
  server = await startTestServer();
  expect((await server.api("POST", "/api/flows", alwaysOpenSupportLine("logs-line"))).status).toBe(201);
  expect((await server.api("POST", "/api/flows/logs-line/publish", {})).status).toBe(201);

  const first = await simulate({ flowId: "logs-line", source: "published", channel: "voice", caller: "+15550001" });
  expect((await server.api("POST", `/api/simulations/${first}/events`, { type: "digits", digits: "3" })).status).toBe(200);
  expect((await server.api("POST", `/api/simulations/${first}/events`, { type: "hangup" })).status).toBe(200);
  await sleep(5); // distinct start times, so from/to can split them
  const second = await simulate({ flowId: "logs-line", source: "published", channel: "chat" });
  await sleep(5);
  const call = await server.runner.start({ flowId: "logs-line", source: "published", channel: { kind: "voice", type: "twilio_voice", id: "+15559990000" }, contact: "+15550003" });
  await sleep(5);
  const elsewhere = await simulate({ flowId: "language-selector", source: "draft", channel: "voice" });

  endedVoice = await getSession(first);
  waitingChat = await getSession(second);
  phoneCall = await getSession(call.sessionId);
  other = await getSession(elsewhere);
});
afterAll(() => server.stop());

describe("GET /api/sessions", () => {
  it("lists every session, newest first", async () => {
    const page = await list({});
    expect(ids(page)).toEqual([other.id, phoneCall.id, waitingChat.id, endedVoice.id]);
    expect(page.nextCursor).toBeNull();
    expect(page.items[3]).toMatchObject({
      id: endedVoice.id,
      flowId: "logs-line",
      version: 1,
      source: "published",
      channelType: "simulator",
      contact: "+15550001",
      status: "ended",
      endReason: "abandoned",
      stepCount: endedVoice.steps.length,
      endedAt: expect.any(String),
    });
    expect(page.items[3]).not.toHaveProperty("steps");
  });

  it("filters by flowId, status and channel", async () => {
    expect(ids(await list({ flowId: "logs-line" }))).toEqual([phoneCall.id, waitingChat.id, endedVoice.id]);
    expect(ids(await list({ flowId: "language-selector" }))).toEqual([other.id]);
    expect(ids(await list({ flowId: "nobody" }))).toEqual([]);
    expect(ids(await list({ flowId: "logs-line", status: "ended" }))).toEqual([endedVoice.id]);
    expect(ids(await list({ flowId: "logs-line", status: "waiting" }))).toEqual([phoneCall.id, waitingChat.id]);
    expect(ids(await list({ channel: "twilio_voice" }))).toEqual([phoneCall.id]);
    expect(ids(await list({ channel: "simulator", flowId: "logs-line" }))).toEqual([waitingChat.id, endedVoice.id]);
    expect(ids(await list({ channelId: "+15559990000" }))).toEqual([phoneCall.id]);
  });

  it("filters by start time: from is inclusive, to exclusive, ISO 8601 with any offset", async () => {
    expect(ids(await list({ flowId: "logs-line", from: waitingChat.startedAt }))).toEqual([phoneCall.id, waitingChat.id]);
    expect(ids(await list({ flowId: "logs-line", to: phoneCall.startedAt }))).toEqual([waitingChat.id, endedVoice.id]);
    expect(ids(await list({ flowId: "logs-line", from: waitingChat.startedAt, to: phoneCall.startedAt }))).toEqual([waitingChat.id]);
    // The same instant written in another zone.
    const at = new Date(Date.parse(waitingChat.startedAt) + 2 * 3600_000).toISOString().replace("Z", "+02:00");
    expect(ids(await list({ flowId: "logs-line", from: at }))).toEqual([phoneCall.id, waitingChat.id]);
    expect(ids(await list({ from: new Date(Date.now() + 60_000).toISOString() }))).toEqual([]);
  });

  it("pages with limit and nextCursor, without gaps or repeats", async () => {
    const first = await list({ limit: "3" });
    expect(ids(first)).toEqual([other.id, phoneCall.id, waitingChat.id]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list({ limit: "3", cursor: first.nextCursor ?? "" });
    expect(ids(second)).toEqual([endedVoice.id]);
    expect(second.nextCursor).toBeNull();

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await list({ limit: "1", flowId: "logs-line", ...(cursor === null ? {} : { cursor }) });
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...ids(page));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual([phoneCall.id, waitingChat.id, endedVoice.id]);
  });

  it("answers 400 naming the query parameter", async () => {
    for (const [query, field] of [
      [{ status: "sleeping" }, "query.status"],
      [{ limit: "0" }, "query.limit"],
      [{ limit: "501" }, "query.limit"],
      [{ limit: "many" }, "query.limit"],
      [{ from: "yesterday" }, "query.from"],
      [{ to: "2026-13-40T00:00:00Z" }, "query.to"],
      [{ sentiment: "grumpy" }, "query.sentiment"],
    ] as const) {
      const res = await server.api("GET", `/api/sessions?${new URLSearchParams(query).toString()}`);
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.body).toMatchObject({ error: { code: "invalid_request", message: expect.stringContaining(field) } });
    }
    const cursor = await server.api("GET", "/api/sessions?cursor=not-a-cursor");
    expect(cursor.status).toBe(400);
    expect(cursor.body).toMatchObject({ error: { code: "invalid_cursor" } });
  });
});

describe("GET /api/sessions/:id", () => {
  it("returns the session with its steps: seq, node, outcome and input", async () => {
    expect(endedVoice).toMatchObject({ id: endedVoice.id, status: "ended", endReason: "abandoned", stepCount: 6 });
    expect(endedVoice.steps).toEqual([
      expect.objectContaining({ seq: 1, nodeId: "welcome", nodeType: "greeting", outcome: "next", input: null, flowId: "logs-line", version: 1 }),
      expect.objectContaining({ seq: 2, nodeId: "hours", nodeType: "timing", outcome: "in_hours", input: null }),
      expect.objectContaining({ seq: 3, nodeId: "main_menu", nodeType: "menu", outcome: "waiting", input: null }),
      expect.objectContaining({ seq: 4, nodeId: "main_menu", nodeType: "menu", outcome: "option:3", input: "3" }),
      expect.objectContaining({ seq: 5, nodeId: "to_billing", nodeType: "transfer", outcome: "waiting" }),
      expect.objectContaining({ seq: 6, nodeId: "to_billing", nodeType: "transfer", outcome: "ended" }),
    ]);
    for (const step of endedVoice.steps) expect(Date.parse(step.at)).toBeGreaterThanOrEqual(Date.parse(endedVoice.startedAt));
    expect((endedVoice as unknown as { state: { currentNodeId: string; status: string } }).state).toMatchObject({ status: "ended" });

    expect(pathOf(waitingChat.steps)).toEqual(["welcome:next", "hours:in_hours", "main_menu:waiting"]);
    expect((waitingChat as unknown as { state: { currentNodeId: string } }).state).toMatchObject({ currentNodeId: "main_menu" });
    expect(other).toMatchObject({ flowId: "language-selector", source: "draft", version: null });
    expect(other.steps.every((step) => step.version === null)).toBe(true);
  });

  it("404 for a session that does not exist", async () => {
    const res = await server.api("GET", "/api/sessions/no-such-session");
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: "session_not_found" } });
  });
});

describe("which sessions an agent sees", () => {
  /** A second server: teams A and B, a flow that hands off to each, and people with and without teams. */
  let desk: TestServer;
  let reachedA: string;
  let reachedB: string;
  let reachedNone: string;
  type Person = { id: string; cookie: string };
  let onlyA: Person;
  let onlyB: Person;
  let both: Person;
  let admin: Person;
  let agentKey: string;

  const person = async (name: string, role: "agent" | "admin", teams: string[]): Promise<Person> => {
    const id = randomUUID();
    desk.store.db.insert(users).values({ id, email: `${name}@acme.test`, name, role, passwordHash: "none", createdAt: Date.now() }).run();
    for (const team of teams) expect((await desk.store.teams.addMember(team, id)).ok).toBe(true);
    const { token } = await desk.store.authSessions.createAuthSession(id, 3_600_000);
    return { id, cookie: `${SESSION_COOKIE}=${token}` };
  };
  const handoff = (id: string, teamId: string) => ({
    schemaVersion: 1,
    id,
    name: `Hand-off to ${teamId}`,
    entry: "to_team",
    nodes: [{ id: "to_team", type: "transfer", position: { x: 0, y: 0 }, data: { teamId } }],
    edges: [],
  });
  const chat = async (flowId: string, contact: string) => {
    const started = await desk.runner.start({ flowId, source: "published", channel: { kind: "chat", type: "webchat" }, contact });
    await desk.rooms.settled();
    return started.sessionId;
  };
  const as = (who: Person | string) => (typeof who === "string" ? { key: who } : { key: null, headers: { cookie: who.cookie } });
  const listAs = async (who: Person | string, query: Record<string, string> = {}) => {
    const res = await desk.api("GET", `/api/sessions?${new URLSearchParams(query).toString()}`, undefined, as(who));
    expect(res.status, res.text).toBe(200);
    return res.body as Page;
  };
  const readAs = (who: Person | string, id: string) => desk.api("GET", `/api/sessions/${id}`, undefined, as(who));

  beforeAll(async () => {
    desk = await startTestServer({ SEED_EXAMPLES: "0" });
    for (const id of ["team-a", "team-b"]) expect((await desk.store.teams.createTeam({ id, name: id })).ok).toBe(true);
    for (const [flowId, teamId] of [["to-a", "team-a"], ["to-b", "team-b"]] as const) {
      expect((await desk.api("POST", "/api/flows", handoff(flowId, teamId))).status).toBe(201);
      expect((await desk.api("POST", `/api/flows/${flowId}/publish`, {})).status).toBe(201);
    }
    expect((await desk.api("POST", "/api/flows", alwaysOpenSupportLine("no-agents"))).status).toBe(201);
    expect((await desk.api("POST", "/api/flows/no-agents/publish", {})).status).toBe(201);
    [onlyA, onlyB, both, admin] = [await person("ana", "agent", ["team-a"]), await person("bob", "agent", ["team-b"]), await person("abe", "agent", ["team-a", "team-b"]), await person("boss", "admin", [])];
    agentKey = ((await desk.api("POST", "/api/api-keys", { name: "agent key", role: "agent" })).body as { key: string }).key;
    reachedA = await chat("to-a", "ada");
    await sleep(5);
    reachedB = await chat("to-b", "bea");
    await sleep(5);
    reachedNone = await chat("no-agents", "cal");
  });
  afterAll(() => desk.stop());

  it("an agent of team A lists and reads only the sessions that reached team A (others: 404)", async () => {
    expect(ids(await listAs(onlyA))).toEqual([reachedA]);
    expect((await readAs(onlyA, reachedA)).status).toBe(200);
    for (const id of [reachedB, reachedNone]) {
      expect(await readAs(onlyA, id)).toMatchObject({ status: 404, body: { error: { code: "session_not_found" } } });
    }
    expect(ids(await listAs(onlyB))).toEqual([reachedB]);
    expect((await readAs(onlyB, reachedA)).status).toBe(404);
  });

  it("an agent of both teams sees both; filters and pages apply within what they see", async () => {
    expect(ids(await listAs(both))).toEqual([reachedB, reachedA]);
    expect(ids(await listAs(both, { flowId: "to-a" }))).toEqual([reachedA]);
    const first = await listAs(both, { limit: "1" });
    expect(ids(first)).toEqual([reachedB]);
    expect(ids(await listAs(both, { limit: "1", cursor: first.nextCursor ?? "" }))).toEqual([reachedA]);
    for (const id of [reachedA, reachedB]) expect((await readAs(both, id)).status).toBe(200);
    expect((await readAs(both, reachedNone)).status).toBe(404);
  });

  it("admins and API keys see every session", async () => {
    for (const who of [admin, TEST_API_KEY, agentKey]) {
      expect(ids(await listAs(who))).toEqual([reachedNone, reachedB, reachedA]);
      expect((await readAs(who, reachedNone)).status).toBe(200);
    }
  });

  it("an agent an admin assigned a conversation to sees its session", async () => {
    const conversation = await desk.store.rooms.conversations.findBySession(reachedB);
    if (conversation === undefined) throw new Error("no conversation for the session that reached team B");
    expect((await desk.api("POST", `/api/conversations/${conversation.id}/assign`, { agentId: onlyA.id })).status).toBe(200);
    expect(ids(await listAs(onlyA))).toEqual([reachedB, reachedA]);
    expect((await readAs(onlyA, reachedB)).status).toBe(200);
  });
});
