import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { callParams, FakeTwilio, newCallSid, TEST_ACCOUNT } from "./channels/test-support/fake-twilio";
import { element, verbs } from "./channels/test-support/twiml-reader";
import { incomingEventId } from "./channels/twilio-voice/call-sessions";
import { MIGRATION_LOCK } from "./store/migrate-postgres";
import { DATABASE_FILE_NAME } from "./store/open-database";
import { type PostgresCluster, postgresTestsEnabled, startPostgresCluster } from "./store/test-support/postgres-cluster";
import { tempDataDir } from "./store/test-support/temp-data-dir";
import { pathOf, type SessionJson, until } from "./test-support/api-client";
import { ChildRuntime, killAllChildRuntimes, REPO_ROOT, START_ARGS } from "./test-support/child-runtime";
import { exampleFlow } from "./test-support/example-flows";
import { freePort } from "./test-support/free-port";

/**
 * `DATABASE_URL=postgres://… npm start` for real: the runtime as `npm start` runs it (a child
 * process, `START_ARGS`: the import hook puts it in the PostgreSQL build), on a throwaway cluster.
 */

const API_KEY = "sb_pg_start_key_0123456789abcdef";
const METRICS_TOKEN = "pg-start-metrics-token-0123456789";
const PUBLIC_URL = "https://switchboard.example.test";
const run = promisify(execFile);

const FlowList = z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), status: z.string() })) }).or(z.array(z.object({ id: z.string(), name: z.string(), status: z.string() })));
const flowIds = (body: unknown): string[] => {
  const parsed = FlowList.parse(body);
  return (Array.isArray(parsed) ? parsed : parsed.items).map((flow) => `${flow.id}:${flow.status}`).sort();
};

describe("the start script", () => {
  it("runs main.ts with the import hook, as ChildRuntime (START_ARGS) does", () => {
    const scripts = z.object({ scripts: z.object({ start: z.string(), dev: z.string() }) }).parse(JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"))).scripts;
    expect(scripts.start).toMatch(/&& tsx --import \.\/runtime\/store\/postgres-condition\.mjs runtime\/main\.ts$/);
    expect(scripts.dev).toBe("tsx watch --import ./runtime/store/postgres-condition.mjs runtime/main.ts");
    expect(START_ARGS.slice(-3)).toEqual(["--import", "./runtime/store/postgres-condition.mjs", "runtime/main.ts"]);
  });
});

describe.skipIf(!postgresTestsEnabled())("npm start with DATABASE_URL=postgres://… (a real server process, a throwaway cluster)", () => {
  let cluster: PostgresCluster;
  const dirs: Array<{ remove(): void }> = [];
  const dataDir = (label: string) => {
    const made = tempDataDir(label);
    dirs.push(made);
    return made.dir;
  };

  beforeAll(async () => {
    cluster = await startPostgresCluster();
  });
  afterEach(() => killAllChildRuntimes());
  afterAll(async () => {
    await cluster?.stop();
    for (const dir of dirs) dir.remove();
  });

  /** Raw SQL on the database the server runs on (postgres.js, one connection). */
  async function query<Row extends Record<string, unknown>>(url: string, text: string, params: Array<string | number> = []): Promise<Row[]> {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      return [...(await sql.unsafe<Row[]>(text, params))];
    } finally {
      await sql.end();
    }
  }

  it("migrates, seeds the examples, runs a Twilio call through a seeded menu into PostgreSQL, and keeps it across kill -9 and a restart", async () => {
    const url = await cluster.createDatabase("server_on_postgres");
    const dir = dataDir("pg-start");
    const port = await freePort();
    const start = () => ChildRuntime.start({ dataDir: dir, port, apiKey: API_KEY, env: { DATABASE_URL: url, PUBLIC_URL, METRICS_TOKEN }, startTimeoutMs: 60_000 });
    const runtime = await start();

    // Reachable database, migrations applied, nothing written to SQLite.
    const health = z.object({ ok: z.boolean(), database: z.object({ ok: z.boolean() }) }).parse(await (await fetch(`${runtime.url}/health`)).json());
    expect(health).toMatchObject({ ok: true, database: { ok: true } });
    expect(existsSync(join(dir, DATABASE_FILE_NAME))).toBe(false);
    const [migrations] = await query<{ n: number }>(url, "select count(*)::int as n from drizzle.__drizzle_migrations");
    expect(migrations?.n).toBeGreaterThanOrEqual(1);

    // The examples were seeded into PostgreSQL, as on SQLite.
    const flows = await runtime.api("GET", "/api/flows");
    expect(flows.status, flows.text).toBe(200);
    const seeded = flowIds(flows.body);
    expect(seeded).toContain("language-selector:published");
    const [stored] = await query<{ n: number }>(url, "select count(*)::int as n from flows where deleted_at is null");
    expect(stored?.n).toBe(seeded.length);

    // A call on the seeded language selector: Twilio's signed webhooks, the caller presses 1.
    const channel = await runtime.api("POST", "/api/channels", { type: "twilio_voice", name: "Front door", flowId: "language-selector", credentials: TEST_ACCOUNT });
    expect(channel.status, channel.text).toBe(201);
    const channelId = z.object({ id: z.string() }).parse(channel.body).id;
    const twilio = new FakeTwilio(runtime, PUBLIC_URL);
    const callSid = newCallSid();
    const first = await twilio.post(`/webhooks/twilio/voice/${channelId}`, callParams(callSid, { CallStatus: "ringing" }));
    expect(first.status, first.text).toBe(200);
    expect(verbs(first.text)).toEqual(["Gather", "Redirect"]);
    const second = await twilio.post(element(first.text, "Gather").attributes.action ?? "", callParams(callSid, { Digits: "1", FinishedOnKey: "" }));
    expect(second.status, second.text).toBe(200);

    // The session and its steps are rows of PostgreSQL.
    const [inbound] = await query<{ session_id: string }>(url, "select session_id from inbound_events where channel_id = $1 and provider_event_id = $2", [channelId, incomingEventId(callSid)]);
    const sessionId = inbound?.session_id ?? "";
    expect(sessionId).not.toBe("");
    const [session] = await query<{ flow_id: string; channel_type: string; step_count: number; state: string }>(url, "select flow_id, channel_type, step_count::int as step_count, state from sessions where id = $1", [sessionId]);
    expect(session).toMatchObject({ flow_id: "language-selector", channel_type: "twilio_voice" });
    expect(JSON.parse(session?.state ?? "{}")).toMatchObject({ vars: { preferred_language: "en-US" } });
    const steps = await query<{ seq: number; node_id: string; input: string | null }>(url, "select seq::int as seq, node_id, input from session_steps where session_id = $1 order by seq", [sessionId]);
    expect(steps.map((step) => step.seq)).toEqual(Array.from({ length: session?.step_count ?? -1 }, (_, i) => i + 1));
    expect(steps.slice(0, 4).map((step) => step.node_id)).toEqual(["welcome", "choose_language", "choose_language", "set_english"]);
    expect(steps[2]?.input).toBe("1");
    const before = await runtime.api("GET", `/api/sessions/${sessionId}`);
    expect(before.status, before.text).toBe(200);
    const path = pathOf((before.body as SessionJson).steps);
    expect(path.slice(0, 3)).toEqual(["welcome:next", "choose_language:waiting", "choose_language:option:1"]);

    // /metrics counts from PostgreSQL: its gauge agrees with the database read just before and after
    // (the call waits at a menu or for an agent, unless a loaded machine let a menu time out meanwhile).
    const waitingNow = async () => Number((await query<{ n: number }>(url, "select count(*)::int as n from sessions where status = 'waiting'"))[0]?.n ?? -1);
    const low = await waitingNow();
    const metrics = await fetch(`${runtime.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const exposition = await metrics.text();
    const high = await waitingNow();
    expect(metrics.status, exposition).toBe(200);
    const gauge = Number(/^switchboard_sessions_waiting(?:\{[^}]*\})? (\d+)$/m.exec(exposition)?.[1] ?? -1);
    expect(gauge).toBeGreaterThanOrEqual(Math.min(low, high));
    expect(gauge).toBeLessThanOrEqual(Math.max(low, high));

    // kill -9, start again on the same database: the session, its steps and the flows are there.
    await runtime.kill("SIGKILL");
    const again = await start();
    const after = await again.api("GET", `/api/sessions/${sessionId}`);
    expect(after.status, after.text).toBe(200);
    expect(pathOf((after.body as SessionJson).steps)).toEqual(path);
    expect(flowIds((await again.api("GET", "/api/flows")).body)).toEqual(seeded);
    expect(again.output.join("\n")).not.toMatch(/imported and published/); // seeded once, not again
  }, 180_000);

  it("answers /ready 503 (migrating) while another migrator holds the migration lock, then 200; /health follows the database going down and back", async () => {
    const url = await cluster.createDatabase("waiting_for_migrations");
    const port = await freePort();
    const holder = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await holder`select pg_advisory_lock(${MIGRATION_LOCK})`;
      const starting = ChildRuntime.start({ dataDir: dataDir("pg-migrating"), port, apiKey: API_KEY, env: { DATABASE_URL: url }, startTimeoutMs: 60_000 });
      starting.catch(() => undefined); // awaited below
      const ready = await until(
        async () => fetch(`http://127.0.0.1:${port}/ready`).then(async (response) => ({ status: response.status, body: await response.text() }), () => undefined),
        (answer) => answer?.body.includes("migrating") === true,
        "/ready saying it migrates",
        30_000,
      );
      expect(ready?.status).toBe(503);
      expect(ready?.body).toContain("migrating");
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ ok: false, database: { ok: false } });
      await holder`select pg_advisory_unlock(${MIGRATION_LOCK})`;
      const runtime = await starting;
      expect((await fetch(`${runtime.url}/ready`)).status).toBe(200);
      await holder.end();

      // /health asks the database: down while the server is shut down, up again once it is back.
      const healthOf = async () => {
        const response = await fetch(`${runtime.url}/health`);
        return { status: response.status, database: z.object({ database: z.object({ ok: z.boolean() }) }).parse(await response.json()).database.ok };
      };
      expect(await healthOf()).toEqual({ status: 200, database: true });
      await cluster.shutDown();
      try {
        await until(healthOf, (health) => health.status === 503 && !health.database, "/health without its database", 20_000);
      } finally {
        await cluster.startAgain();
      }
      await until(healthOf, (health) => health.status === 200 && health.database, "/health with its database back", 30_000);
    } finally {
      await holder.end();
    }
  }, 120_000);

  it("npm run db:copy of a SQLite store, then npm start on PostgreSQL: the same flows over the API", async () => {
    // The store is written by the runtime on SQLite (no DATABASE_URL: the hook leaves the default build).
    const dir = dataDir("pg-copy");
    const port = await freePort();
    const onSqlite = await ChildRuntime.start({ dataDir: dir, port, apiKey: API_KEY, startTimeoutMs: 60_000 });
    const flow = await onSqlite.api("POST", "/api/flows", { ...exampleFlow("after-hours"), id: "moved-line", name: "Moved line" });
    expect(flow.status, flow.text).toBe(201);
    const onSqliteFlows = flowIds((await onSqlite.api("GET", "/api/flows")).body);
    expect(onSqliteFlows).toContain("moved-line:unpublished");
    await onSqlite.kill("SIGTERM"); // stopped before the copy, as the README asks
    expect(existsSync(join(dir, DATABASE_FILE_NAME))).toBe(true);

    const url = await cluster.createDatabase("copied_store");
    const copied = await run("npm", ["run", "--silent", "db:copy", "--", "--from", join(dir, DATABASE_FILE_NAME), "--to", url], { cwd: REPO_ROOT, timeout: 120_000 });
    expect(copied.stdout).toMatch(/flows/);

    const onPostgres = await ChildRuntime.start({ dataDir: dataDir("pg-copied"), port, apiKey: API_KEY, env: { DATABASE_URL: url }, startTimeoutMs: 60_000 });
    expect(flowIds((await onPostgres.api("GET", "/api/flows")).body)).toEqual(onSqliteFlows);
  }, 180_000);
});
