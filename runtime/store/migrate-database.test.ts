import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseTargetFromEnv } from "./database-target";
import { migrateDatabase } from "./migrate-database";
import { DATABASE_FILE_NAME } from "./open-database";
import { type PostgresCluster, postgresTestsEnabled, startPostgresCluster } from "./test-support/postgres-cluster";
import { postgresShape, sqliteShape } from "./test-support/schema-shape";
import { tempDataDir } from "./test-support/temp-data-dir";

const root = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);

/**
 * `npm run db:migrate` as a deployment runs it (tsx on migrate-cli.ts), or the `switchboard-migrate`
 * command (`bin`), with the given environment.
 */
async function dbMigrate(env: Record<string, string>, via: "npm" | "bin" = "npm"): Promise<{ code: number; stdout: string; stderr: string }> {
  const [file, args] = via === "npm" ? [join(root, "node_modules", ".bin", "tsx"), ["runtime/store/migrate-cli.ts"]] : [process.execPath, ["runtime/store/migrate-bin.mjs"]];
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== "DATABASE_URL" && key !== "DATA_DIR"));
  try {
    const { stdout, stderr } = await run(file, args, { cwd: root, env: { ...base, ...env }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

describe("choosing the database", () => {
  it("is PostgreSQL for a postgres:// or postgresql:// DATABASE_URL, else SQLite in $DATA_DIR", () => {
    expect(databaseTargetFromEnv({ DATABASE_URL: "postgres://u:p@db:5432/sb" })).toEqual({ dialect: "postgresql", url: "postgres://u:p@db:5432/sb" });
    expect(databaseTargetFromEnv({ DATABASE_URL: "postgresql://db/sb" }).dialect).toBe("postgresql");
    expect(databaseTargetFromEnv({ DATA_DIR: "/srv/sb" })).toEqual({ dialect: "sqlite", dataDir: "/srv/sb" });
    expect(databaseTargetFromEnv({ DATABASE_URL: " ", DATA_DIR: "" })).toEqual({ dialect: "sqlite", dataDir: "./data" });
  });

  it("refuses any other DATABASE_URL, without printing its password", () => {
    expect(() => databaseTargetFromEnv({ DATABASE_URL: "mysql://root:hunter22@db/sb" })).toThrow(/DATABASE_URL must be a PostgreSQL URL.*mysql:\/\/root:\*\*\*@db\/sb/);
    expect(() => databaseTargetFromEnv({ DATABASE_URL: "mysql://root:hunter22@db/sb" })).not.toThrow(/hunter22/);
    expect(() => databaseTargetFromEnv({ DATABASE_URL: "switchboard.db" })).toThrow(/DATABASE_URL/);
  });
});

describe("npm run db:migrate on SQLite", () => {
  it("creates $DATA_DIR/switchboard.db with every migration, then (switchboard-migrate) has nothing left to apply", async () => {
    const { dir, remove } = tempDataDir("migrate");
    try {
      const first = await dbMigrate({ DATA_DIR: dir });
      expect(first.stderr).toBe("");
      expect(first.stdout).toMatch(new RegExp(`SQLite ${dir}/switchboard.db: (\\d+) migration\\(s\\) applied, \\1 in all`));
      expect(Object.keys(sqliteShape(join(dir, DATABASE_FILE_NAME)))).toContain("sessions");
      const again = await dbMigrate({ DATA_DIR: dir }, "bin");
      expect(again.stdout).toMatch(/: 0 migration\(s\) applied, \d+ in all/);
    } finally {
      remove();
    }
  });

  it("exits 1 naming DATABASE_URL when it is not PostgreSQL's", async () => {
    const result = await dbMigrate({ DATABASE_URL: "mysql://root:hunter22@db/sb" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("DATABASE_URL must be a PostgreSQL URL");
    expect(result.stderr).not.toContain("hunter22");
  });
});

describe.skipIf(!postgresTestsEnabled())("migrations on PostgreSQL", () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  });
  afterAll(() => cluster?.stop());

  it("give an empty PostgreSQL database the same tables, columns, indexes, checks and foreign keys as an empty SQLite file", async () => {
    const { dir, remove } = tempDataDir("migrate-both");
    try {
      const sqliteStarted = performance.now();
      const sqlite = await migrateDatabase({ dialect: "sqlite", dataDir: dir });
      const sqliteMs = performance.now() - sqliteStarted;
      const url = await cluster.createDatabase("both_dialects");
      const pgStarted = performance.now();
      const pg = await migrateDatabase({ dialect: "postgresql", url });
      const pgMs = performance.now() - pgStarted;
      console.info(`migrated an empty database: SQLite ${sqlite.total} migrations in ${Math.round(sqliteMs)} ms, PostgreSQL ${pg.total} in ${Math.round(pgMs)} ms`);
      expect(pg.applied).toBe(pg.total);

      const sqliteTables = sqliteShape(join(dir, DATABASE_FILE_NAME));
      const pgTables = await postgresShape(url);
      expect(Object.keys(sqliteTables).length).toBeGreaterThanOrEqual(22);
      expect(Object.keys(pgTables)).toEqual(Object.keys(sqliteTables));
      for (const [table, shape] of Object.entries(sqliteTables)) expect(pgTables[table], table).toEqual(shape);
    } finally {
      remove();
    }
  });

  it("store every time and duration as bigint, and JSON and ids as text", async () => {
    const url = await cluster.createDatabase("column_types");
    await migrateDatabase({ dialect: "postgresql", url });
    const sql = postgres(url, { max: 1 });
    try {
      const columns = await sql<{ table: string; column: string; type: string }[]>`
        select table_name as table, column_name as column, data_type as type from information_schema.columns where table_schema = 'public'`;
      const typeOf = (table: string, column: string) => columns.find((c) => c.table === table && c.column === column)?.type;
      const times = columns.filter((c) => /_at$|_ms$|^at$/.test(c.column));
      expect(times.length).toBeGreaterThan(50);
      expect(times.filter((c) => c.type !== "bigint")).toEqual([]);
      expect(typeOf("sessions", "id")).toBe("text");
      expect(typeOf("sessions", "state")).toBe("text");
      expect(typeOf("timers", "payload")).toBe("text");
      expect(typeOf("channels", "enabled")).toBe("boolean");
      // A time past 2^31 ms (2038 in seconds, but any date after 1970-01-25 in ms) round-trips as a number.
      await sql`insert into users (id, email, name, role, password_hash, created_at) values ('u1', 'a@example.com', 'A', 'admin', 'x', ${Date.UTC(2030, 0, 1)})`;
      const [row] = await sql<{ created_at: string }[]>`select created_at from users`;
      expect(Number(row?.created_at)).toBe(Date.UTC(2030, 0, 1));
    } finally {
      await sql.end();
    }
  });

  it("apply once when two deployments run db:migrate at the same time, and a second run applies nothing", async () => {
    const url = await cluster.createDatabase("racing_migrators");
    const [a, b] = await Promise.all([dbMigrate({ DATABASE_URL: url }), dbMigrate({ DATABASE_URL: url })]);
    expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, "", ""]);
    const counts = [a.stdout, b.stdout].map((out) => /: (\d+) migration\(s\) applied, (\d+) in all/.exec(out)?.slice(1).map(Number));
    const total = counts[0]?.[1] ?? -1;
    expect(total).toBeGreaterThanOrEqual(1);
    expect(counts.sort()).toEqual([[0, total], [total, total]]);
    expect(a.stdout).toContain(`PostgreSQL ${url}`);
    const again = await dbMigrate({ DATABASE_URL: url });
    expect(again.stdout).toContain(`: 0 migration(s) applied, ${total} in all`);
  });
});

describe("runtime/main.ts started without the import hook npm start uses", () => {
  it("refuses a PostgreSQL DATABASE_URL, naming npm start, instead of running on SQLite", async () => {
    const { dir, remove } = tempDataDir("start-pg");
    try {
      const tsx = join(root, "node_modules", ".bin", "tsx");
      const env = { ...process.env, DATA_DIR: dir, PORT: "0", DATABASE_URL: "postgres://sb:secret@127.0.0.1:1/sb" };
      const failed = await run(tsx, ["runtime/main.ts"], { cwd: root, env, timeout: 15_000 }).then(
        () => undefined,
        (error: { code?: number; stderr?: string }) => error,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toContain("DATABASE_URL names PostgreSQL but this process loaded the sqlite build of the store: start it with `npm start`");
      expect(existsSync(join(dir, DATABASE_FILE_NAME))).toBe(false);
    } finally {
      remove();
    }
  });
});
