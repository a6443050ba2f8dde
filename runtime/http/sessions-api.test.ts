import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pathOf, type SessionJson, type SimulationJson, sleep } from "../test-support/api-client";
import { alwaysOpenSupportLine } from "../test-support/example-flows";
import { startTestServer, type TestServer } from "../test-support/test-server";

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
