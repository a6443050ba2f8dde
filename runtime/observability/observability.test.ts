import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { alwaysOpenSupportLine } from "../test-support/example-flows";
import { configFromEnv } from "../config";
import { startServer } from "../server";
import { startTestServer, TEST_API_KEY } from "../test-support/test-server";
import { PUBLIC_URL, VoiceFixture } from "../channels/test-support/voice-fixture";
import { parseExposition, type Sample } from "./test-support/exposition";

const TOKEN = "metrics-token-0123456789";
const ErrorJson = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const fx = new VoiceFixture();
let channelId = "";

beforeAll(async () => {
  await fx.start({ METRICS_TOKEN: TOKEN, LOG_FORMAT: "json", INSTANCE_ID: "metrics-test-a" });
  await fx.publish(alwaysOpenSupportLine("metrics-line"));
  channelId = await fx.channel("metrics-line");
});
afterAll(() => fx.stop());

async function scrape(): Promise<Sample[]> {
  const res = await fetch(`${fx.server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  return parseExposition(await res.text());
}

/** The value of the one sample named `name` whose labels include `labels` (0 when there is none). */
function value(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, label]) => sample.labels[key] === label));
  expect(found.length, `${name} ${JSON.stringify(labels)}`).toBeLessThanOrEqual(1);
  return found[0]?.value ?? 0;
}

describe("GET /metrics", () => {
  it("needs the metrics token: 401 with the API's error body without it or with a wrong one", async () => {
    const missing = await fetch(`${fx.server.url}/metrics`);
    expect(missing.status).toBe(401);
    expect(ErrorJson.parse(await missing.json()).error.code).toBe("unauthorized");
    const wrong = await fetch(`${fx.server.url}/metrics`, { headers: { authorization: "Bearer metrics-token-0123456780" } });
    expect(wrong.status).toBe(401);
    // The admin API key is not the metrics token.
    expect((await fetch(`${fx.server.url}/metrics`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } })).status).toBe(401);
    const samples = await scrape();
    expect(value(samples, "switchboard_process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(samples.every((sample) => sample.labels.instance_id === "metrics-test-a")).toBe(true);
  });

  it("is off (404) without METRICS_TOKEN", async () => {
    const server = await startTestServer();
    try {
      const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(404);
      expect(ErrorJson.parse(await res.json()).error.code).toBe("not_found");
    } finally {
      await server.stop();
    }
  });

  it("counts a Twilio voice call's webhooks by route pattern, a retried webhook as a duplicate, and the engine's steps", async () => {
    const before = await scrape();
    const call = fx.call(channelId);
    const first = await call.incoming();
    expect(first.status).toBe(200);
    const retried = await call.incoming(); // Twilio retrying the same delivery
    expect(retried.text).toBe(first.text);
    const answered = await call.answer(first.text, { Digits: "9" });
    expect(answered.status).toBe(200);
    const refused = await fx.twilio.post(call.path, call.params(), { signature: null });
    expect(refused.status).toBe(403);
    const after = await scrape();
    const moved = (name: string, labels: Record<string, string>) => value(after, name, labels) - value(before, name, labels);

    expect(moved("switchboard_webhooks_total", { channel_type: "twilio_voice", outcome: "accepted" })).toBe(2);
    expect(moved("switchboard_webhooks_total", { channel_type: "twilio_voice", outcome: "duplicate" })).toBe(1);
    expect(moved("switchboard_webhooks_total", { channel_type: "twilio_voice", outcome: "refused" })).toBe(1);
    // By the route pattern, never the path with the channel's id.
    expect(moved("switchboard_http_requests_total", { route: "/webhooks/twilio/voice/:channelId", method: "POST", status: "200" })).toBe(2);
    expect(moved("switchboard_http_requests_total", { route: "/webhooks/twilio/voice/:channelId/:route", method: "POST", status: "200" })).toBe(1);
    expect(moved("switchboard_http_requests_total", { route: "/webhooks/twilio/voice/:channelId", method: "POST", status: "403" })).toBe(1);
    expect(after.some((sample) => Object.values(sample.labels).some((label) => label.includes(channelId)))).toBe(false);
    expect(moved("switchboard_http_request_duration_seconds_count", { route: "/webhooks/twilio/voice/:channelId", method: "POST" })).toBe(3);
    // The menu ran: its steps are counted by node type, as many as the session has.
    const steps = z.object({ steps: z.array(z.object({ nodeType: z.string() })) }).parse((await fx.server.api("GET", `/api/sessions/${call.sessionId}`)).body).steps;
    expect(steps.length).toBeGreaterThan(0);
    const byType = new Map<string, number>();
    for (const step of steps) byType.set(step.nodeType, (byType.get(step.nodeType) ?? 0) + 1);
    for (const [nodeType, count] of byType) expect(moved("switchboard_engine_steps_total", { node_type: nodeType }), nodeType).toBe(count);
    // Waiting at the menu again.
    expect(value(after, "switchboard_sessions_waiting")).toBeGreaterThanOrEqual(1);
    await call.status("completed");
  });

  it("observes how late a timer fired", async () => {
    const before = await scrape();
    const call = fx.call(channelId);
    await call.incoming();
    const head = await fx.server.store.sessions.getSessionHead(call.sessionId);
    const waiting = z.object({ waiting: z.object({ token: z.string(), nodeId: z.string() }) }).parse(head?.state).waiting;
    // An input timer two seconds overdue, as after a restart: the timer worker claims it at once.
    await fx.server.store.timers.armTimer({ sessionId: call.sessionId, sessionRev: head?.rev ?? 0, kind: "input_timeout", dueAt: Date.now() - 2_000, payload: waiting });
    await expect.poll(async () => (await fx.server.store.timers.listPending(call.sessionId)).some((timer) => timer.dueAt < Date.now() - 1_000), { timeout: 5_000 }).toBe(false);
    const after = await scrape();
    expect(value(after, "switchboard_timers_claimed_total") - value(before, "switchboard_timers_claimed_total")).toBeGreaterThanOrEqual(1);
    const lateCount = value(after, "switchboard_timers_fired_late_seconds_count") - value(before, "switchboard_timers_fired_late_seconds_count");
    const lateSum = value(after, "switchboard_timers_fired_late_seconds_sum") - value(before, "switchboard_timers_fired_late_seconds_sum");
    expect(lateCount).toBeGreaterThanOrEqual(1);
    expect(lateSum).toBeGreaterThanOrEqual(2);
    expect(value(after, "switchboard_timers_fired_late_seconds_bucket", { le: "1" }) - value(before, "switchboard_timers_fired_late_seconds_bucket", { le: "1" })).toBe(lateCount - 1);
    await call.status("completed");
  });

  it("shows an offer ringing at an agent in switchboard_offers_open, and the database's latency", async () => {
    const offline = await fx.agentOnline();
    try {
      const call = fx.call(channelId);
      const menu = await call.incoming();
      const queued = await call.answer(menu.text, { Digits: "1" });
      expect(queued.text).toContain("<Enqueue");
      const ringing = await scrape();
      expect(value(ringing, "switchboard_offers_open")).toBe(1);
      expect(value(ringing, "switchboard_database_up")).toBe(1);
      expect(value(ringing, "switchboard_database_latency_seconds_count")).toBeGreaterThanOrEqual(1);
      expect(value(ringing, "switchboard_bus_lag_seconds")).toBeGreaterThanOrEqual(0);
      await call.status("completed");
      await expect.poll(async () => value(await scrape(), "switchboard_offers_open"), { timeout: 5_000 }).toBe(0);
    } finally {
      offline();
    }
  });
});

describe("LOG_FORMAT=json", () => {
  it("writes every line as one JSON object with the instance, and the session id on the runner's steps", async () => {
    const call = fx.call(channelId);
    await call.incoming();
    const lines = fx.server.logs.map((line) => JSON.parse(line));
    const Line = z.object({ time: z.iso.datetime(), level: z.enum(["info", "warn", "error"]), instance: z.literal("metrics-test-a"), msg: z.string(), sessionId: z.string().optional() });
    for (const line of lines) Line.parse(line);
    const steps = lines.map((line) => Line.parse(line)).filter((line) => line.msg.startsWith(`step ${call.sessionId} `));
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.every((line) => line.sessionId === call.sessionId)).toBe(true);
    await call.status("completed");
  });
});

describe("/health and /ready", () => {
  it("/ready is 503 while the server starts (API calls too), 200 once it has recovered; /health then reports database and bus", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "switchboard-ready-"));
    const seen: Array<{ path: string; status: number; body: unknown }> = [];
    const config = configFromEnv({ HOST: "127.0.0.1", PORT: "0", SIP_PORT: "0", DATA_DIR: dataDir, SWITCHBOARD_API_KEY: TEST_API_KEY, PUBLIC_URL });
    const server = await startServer(config, {
      log: () => undefined,
      onListening: async (url) => {
        for (const path of ["/ready", "/api/flows", "/health"]) {
          const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
          seen.push({ path, status: res.status, body: await res.json() });
        }
      },
    });
    try {
      expect(seen).toEqual([
        { path: "/ready", status: 503, body: { ready: false, reason: "starting" } },
        { path: "/api/flows", status: 503, body: { error: { code: "starting", message: expect.stringContaining("starting") } } },
        { path: "/health", status: 503, body: expect.objectContaining({ ok: false, database: { ok: false, error: "the database is not open yet" } }) },
      ]);
      const ready = await fetch(`${server.url}/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ ready: true });
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true, database: { ok: true, latencyMs: expect.any(Number) }, bus: { ok: true, kind: "in-process" } });
      expect((await fetch(`${server.url}/api/flows`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } })).status).toBe(200);
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("/health answers 503 when the database cannot be reached", async () => {
    const server = await startTestServer();
    try {
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      server.store.database.sqlite.close();
      const res = await fetch(`${server.url}/health`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ ok: false, database: { ok: false, error: expect.stringContaining("not open") }, bus: { ok: true } });
      expect((await fetch(`${server.url}/ready`)).status).toBe(200); // ready is about start-up; health about reachability
    } finally {
      await server.stop().catch(() => undefined);
    }
  });
});
