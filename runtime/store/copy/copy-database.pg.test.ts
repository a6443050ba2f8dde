import { execFile } from "node:child_process";
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import BetterSqlite3 from "better-sqlite3";
import { asc, eq } from "drizzle-orm";
import { is } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import * as schema from "../../../drizzle/schema";
import { SecretBox } from "../../secrets/secret-box";
import { migratePostgres } from "../migrate-postgres";
import { type PostgresCluster, postgresTestsEnabled, startPostgresCluster } from "../test-support/postgres-cluster";
import { tempDataDir } from "../test-support/temp-data-dir";
import { copyDatabase, type CopyReport } from "./copy-database";
import { CopyFailed, CopyRefused } from "./copy-errors";
import { copyPlan } from "./copy-plan";
import { tablesWithRows } from "./postgres-target";
import { SqliteSource } from "./sqlite-source";
import { postgresDigest, sqliteDigest } from "./table-hashes";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../../", import.meta.url));
const writer = fileURLToPath(new URL("./test-support/write-sample-store.ts", import.meta.url));
const cli = fileURLToPath(new URL("./copy-cli.ts", import.meta.url));

/** `npm run db:copy -- …`, as the script runs it (tsx under the `switchboard-postgres` condition). */
async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--conditions=switchboard-postgres", "--import", "tsx", cli, ...args], { cwd: root, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (!(error instanceof Error) || !("stdout" in error) || !("stderr" in error)) throw error;
    return { code: "code" in error && typeof error.code === "number" ? error.code : -1, stdout: String(error.stdout), stderr: String(error.stderr) };
  }
}

const plan = copyPlan();

describe("the copy plan", () => {
  it("lists every table of the schema, each after the tables it references", () => {
    const tables = Object.values(schema).filter((value) => is(value, PgTable));
    expect(tables.length).toBeGreaterThan(20);
    expect(new Set(plan.map((table) => table.name)).size).toBe(tables.length);
    const seen = new Set<string>();
    for (const table of plan) {
      for (const parent of table.parents) expect(seen, `${table.name} comes after ${parent}`).toContain(parent);
      seen.add(table.name);
    }
    expect(plan.find((table) => table.name === "channels")?.columns.find((column) => column.name === "enabled")).toMatchObject({ kind: "flag", sqlType: "boolean" });
    expect(plan.find((table) => table.name === "session_steps")?.primaryKey).toEqual(["session_id", "seq"]);
  });
});

describe.skipIf(!postgresTestsEnabled())("npm run db:copy: a SQLite store into an empty PostgreSQL database", () => {
  let cluster: PostgresCluster;
  let sample: { dir: string; remove: () => void };
  let file: string;
  let channelSecret: string;
  let report: CopyReport;
  let copiedUrl: string;
  let databases = 0;
  const fresh = () => cluster.createDatabase(`copy_${++databases}`);
  /** A copy of the sample file to spoil. */
  const spoiled = (name: string, change: (sqlite: BetterSqlite3.Database) => void) => {
    const copy = join(sample.dir, name);
    copyFileSync(file, copy);
    const sqlite = new BetterSqlite3(copy);
    try {
      change(sqlite);
    } finally {
      sqlite.close();
    }
    return copy;
  };
  const rowsIn = async (url: string) => {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      return await tablesWithRows(sql, plan);
    } finally {
      await sql.end();
    }
  };

  beforeAll(async () => {
    sample = tempDataDir("copy-sample");
    // The store is written by the real repositories in the SQLite build: a child process, since this one runs the PostgreSQL build.
    const [written, started] = await Promise.all([run(process.execPath, ["--import", "tsx", writer, sample.dir, "40"], { cwd: root, timeout: 60_000 }), startPostgresCluster()]);
    cluster = started;
    file = join(sample.dir, "switchboard.db");
    const parsed: unknown = JSON.parse(written.stdout);
    channelSecret = typeof parsed === "object" && parsed !== null && "channelSecret" in parsed ? String(parsed.channelSecret) : "";
    copiedUrl = await fresh();
    // The SQLite file is checkpointed on close; copy it with its WAL in place all the same.
    report = await copyDatabase({ from: file, to: copiedUrl, batchRows: 7 });
  });
  afterAll(async () => {
    await cluster?.stop();
    sample?.remove();
  });

  it("copies every table (the sample has rows in each, so a table the copy skipped would show), with equal counts and hashes", () => {
    expect(report.tables.map((table) => table.table)).toEqual(plan.map((table) => table.name));
    for (const table of report.tables) {
      expect(table.sqlite.rows, `the sample writes no ${table.table} row: add one to write-sample-store.ts`).toBeGreaterThan(0);
      expect(table.postgres, table.table).toEqual(table.sqlite);
    }
    expect(report.tables.find((table) => table.table === "sessions")?.postgres.rows).toBe(41);
    expect(report.tables.find((table) => table.table === "session_steps")?.postgres.rows).toBe(60);
    // The empty target was given every PostgreSQL migration first.
    const journal = z.object({ entries: z.array(z.unknown()) }).parse(JSON.parse(readFileSync(fileURLToPath(new URL("../../../drizzle/postgres-migrations/meta/_journal.json", import.meta.url)), "utf8")));
    expect(report.migrationsApplied).toBe(journal.entries.length);
  });

  it("leaves no table of either database out: the migrated tables are exactly the plan's", async () => {
    const client = postgres(copiedUrl, { max: 1, onnotice: () => {} });
    const sqlite = new BetterSqlite3(file, { readonly: true });
    try {
      const planned = plan.map((table) => table.name).sort();
      const inPostgres = await client<{ name: string }[]>`select table_name as name from information_schema.tables where table_schema = 'public' order by 1`;
      expect(inPostgres.map((row) => row.name)).toEqual(planned);
      const inSqlite = sqlite.prepare<[], { name: string }>("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations' order by name").all();
      expect(inSqlite.map((row) => row.name)).toEqual(planned);
    } finally {
      sqlite.close();
      await client.end();
    }
    expect(report.sequences).toEqual([]);
  });

  it("gives back the same values through drizzle's PostgreSQL build", async () => {
    const client = postgres(copiedUrl, { max: 2, onnotice: () => {} });
    const sqlite = new BetterSqlite3(file, { readonly: true });
    try {
      const db = drizzle({ client, schema });
      const raw = (query: string, ...params: unknown[]) => sqlite.prepare<unknown[], Record<string, unknown>>(query).get(...params);

      const channels = await db.select().from(schema.channels).orderBy(asc(schema.channels.id));
      expect(channels.map((channel) => [channel.id, channel.enabled, channel.status])).toEqual([
        ["tg-1", true, "active"],
        ["web-1", false, "inactive"],
      ]);
      const telegram = channels[0];
      expect(telegram?.credentials).toBe(raw("select credentials from channels where id = 'tg-1'")?.credentials);
      expect(new SecretBox(Buffer.alloc(32, 7)).open(telegram?.credentials ?? "", "tg-1")).toBe(channelSecret);

      const session = await db.query.sessions.findFirst({ where: eq(schema.sessions.id, "session-0000") });
      const sessionRow = raw("select * from sessions where id = 'session-0000'");
      expect(session).toMatchObject({ status: "ended", rev: sessionRow?.rev, stepCount: 2, startedAt: sessionRow?.started_at, endedAt: sessionRow?.ended_at, state: sessionRow?.state });
      expect(typeof session?.startedAt).toBe("number");
      const steps = await db.select().from(schema.sessionSteps).where(eq(schema.sessionSteps.sessionId, "session-0000")).orderBy(asc(schema.sessionSteps.seq));
      expect(steps.map((step) => [step.seq, step.nodeId, step.input])).toEqual([
        [1, "welcome", null],
        [2, "bye", "1"],
      ]);
      const timer = await db.query.timers.findFirst({ where: eq(schema.timers.sessionId, "session-0001") });
      expect(timer).toMatchObject({ kind: "input_timeout", dueAt: raw("select due_at from timers where session_id = 'session-0001'")?.due_at, payload: '{"i":1}', firedAt: null });

      const versions = await db.select().from(schema.flowVersions).orderBy(asc(schema.flowVersions.number));
      expect(versions.map((version) => [version.number, version.author, version.note])).toEqual([
        [1, expect.any(String), "first"],
        [2, "deploy", null],
      ]);
      expect(versions[1]?.document).toBe(raw("select document from flow_versions where number = 2")?.document);
      const users = await db.select({ email: schema.users.email, name: schema.users.name }).from(schema.users).orderBy(asc(schema.users.email));
      expect(users).toEqual([
        { email: "ada@example.com", name: "Ada Lovelace" },
        { email: "zoë@example.com", name: "Zoë 🎧 Agent" },
      ]);
      const [call] = await db.select().from(schema.calls);
      expect(call).toMatchObject({ holdMs: 4500, recordingMs: 20_000, state: "ended", hungUpBy: "caller", recordingMode: "agent" });
      const messages = await db.select().from(schema.conversationMessages).orderBy(asc(schema.conversationMessages.seq));
      expect(messages.at(-1)?.body).toBe("Hello, I was charged twice.");
      const [deleted] = await db.select({ deletedAt: schema.flows.deletedAt }).from(schema.flows).where(eq(schema.flows.id, "sales"));
      expect(deleted?.deletedAt).toBe(raw("select deleted_at from flows where id = 'sales'")?.deleted_at);
    } finally {
      sqlite.close();
      await client.end();
    }
  });

  it("tells a changed row by its table's hash (a flag flipped: same count, another hash)", async () => {
    const client = postgres(copiedUrl, { max: 1, onnotice: () => {} });
    const source = SqliteSource.open(file, plan);
    try {
      const channels = plan.find((table) => table.name === "channels");
      if (!channels) throw new Error("no channels table in the plan");
      expect(await postgresDigest(client, channels)).toEqual(await sqliteDigest(source, channels));
      await client`update channels set enabled = false where id = 'tg-1'`;
      const after = await postgresDigest(client, channels);
      const before = await sqliteDigest(source, channels);
      expect(after.rows).toBe(before.rows);
      expect(after.hash).not.toBe(before.hash);
    } finally {
      source.close();
      await client`update channels set enabled = true where id = 'tg-1'`;
      await client.end();
    }
  });

  it("refuses a target that has rows, writing nothing", async () => {
    const url = await fresh();
    await migratePostgres(url);
    const client = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await client`insert into users (id, email, name, role, password_hash, created_at) values ('u-old', 'old@example.com', 'Old', 'admin', 'x', 1)`;
      const refused = copyDatabase({ from: file, to: url });
      await expect(refused).rejects.toBeInstanceOf(CopyRefused);
      await expect(refused).rejects.toMatchObject({ flag: "--to", message: expect.stringContaining("not empty (rows in users)") });
      expect(await rowsIn(url)).toEqual(["users"]);
      expect(await client`select id from users`).toEqual([{ id: "u-old" }]);
    } finally {
      await client.end();
    }
  });

  it("rolls back the whole copy when a row is refused, naming its table and row", async () => {
    const orphan = spoiled("orphan.db", (sqlite) => {
      sqlite.pragma("foreign_keys = OFF");
      sqlite.prepare("insert into session_steps (session_id, seq, flow_id, node_id, node_type, at) values ('ghost', 1, 'support-line', 'welcome', 'greeting', 1)").run();
    });
    const url = await fresh();
    const failed = copyDatabase({ from: orphan, to: url, batchRows: 16 });
    await expect(failed).rejects.toBeInstanceOf(CopyFailed);
    await expect(failed).rejects.toMatchObject({ table: "session_steps", row: "session_id=ghost, seq=1", reason: expect.stringContaining("foreign key") });
    // Users, flows, sessions… were inserted before session_steps: none is left.
    expect(await rowsIn(url)).toEqual([]);
  });

  it("refuses a SQLite file whose migrations are not all applied, naming them", async () => {
    const behind = spoiled("behind.db", (sqlite) => {
      sqlite.prepare("delete from __drizzle_migrations where created_at = (select max(created_at) from __drizzle_migrations)").run();
    });
    // The newest of SQLite's migrations is the one missing.
    const journal = z.object({ entries: z.array(z.object({ tag: z.string() })) }).parse(JSON.parse(readFileSync(fileURLToPath(new URL("../../../drizzle/migrations/meta/_journal.json", import.meta.url)), "utf8")));
    const newest = journal.entries.at(-1)?.tag ?? "";
    expect(newest).not.toBe("");
    await expect(copyDatabase({ from: behind, to: await fresh() })).rejects.toMatchObject({ flag: "--from", message: expect.stringContaining(`lacks migration(s) ${newest}`) });
  });

  it("runs as npm run db:copy: a table of counts and hashes, exit 0; the same target again, exit 1 naming --to", async () => {
    const url = await fresh();
    const first = await runCli(["--from", file, "--to", url]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^table\s+sqlite rows\s+postgres rows\s+sqlite sha256\s+postgres sha256/m);
    expect(first.stdout).toMatch(/^session_steps\s+60\s+60\s+([0-9a-f]{16})\s+\1\s+ok$/m);
    expect(first.stdout).toMatch(/copied \d+ rows in .* every count and hash equal/);
    const again = await runCli(["--from", file, "--to", url]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("db:copy failed: --to:");
    expect(again.stderr).toContain("is not empty");
  });

  it("refuses, exit 1 naming the flag: a missing file, a URL that is not PostgreSQL's, no --to", async () => {
    const missing = await runCli(["--from", join(sample.dir, "nope.db"), "--to", cluster.url]);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining("--from: no such file") });
    const mysql = await runCli(["--from", file, "--to", "mysql://root@127.0.0.1/switchboard"]);
    expect(mysql).toMatchObject({ code: 1, stderr: expect.stringContaining("--to: must be a PostgreSQL URL") });
    const noTarget = await runCli(["--from", file]);
    expect(noTarget).toMatchObject({ code: 1, stderr: expect.stringContaining("--to: required") });
  });
});
