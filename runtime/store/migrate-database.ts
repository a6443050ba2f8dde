import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { DatabaseTarget } from "./database-target";
import { DATABASE_FILE_NAME, openDatabase } from "./open-database";

/** The committed PostgreSQL migrations (drizzle/README.md), found from this file. */
export const POSTGRES_MIGRATIONS_FOLDER = fileURLToPath(new URL("../../drizzle/postgres-migrations", import.meta.url));

/** Any fixed 64-bit number: the advisory lock that lets one migrator at a time run on a database. */
const MIGRATION_LOCK = 7_360_411_562_001;

export interface MigrationResult {
  /** Migrations applied by this run. */
  applied: number;
  /** Migrations the database has now. */
  total: number;
}

/**
 * Brings a database's schema up to date without starting the server (`npm run db:migrate`), for
 * deployments that migrate before they roll out. SQLite: what `openDatabase` does at start-up
 * (committed migrations, foreign keys checked). PostgreSQL: drizzle/postgres-migrations/ in one
 * transaction, under an advisory lock so instances starting together migrate one after another.
 */
export async function migrateDatabase(target: DatabaseTarget): Promise<MigrationResult> {
  return target.dialect === "postgresql" ? migratePostgres(target.url) : migrateSqlite(target.dataDir);
}

function migrateSqlite(dataDir: string): MigrationResult {
  const file = join(dataDir, DATABASE_FILE_NAME);
  const before = existsSync(file) ? appliedSqliteMigrations(file) : 0;
  openDatabase({ dataDir }).close();
  const total = appliedSqliteMigrations(file);
  return { applied: total - before, total };
}

function appliedSqliteMigrations(file: string): number {
  const sqlite = new BetterSqlite3(file);
  try {
    const table = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
    if (!table) return 0;
    const row: unknown = sqlite.prepare("select count(*) as n from __drizzle_migrations").get();
    return row && typeof row === "object" && "n" in row && typeof row.n === "number" ? row.n : 0;
  } finally {
    sqlite.close();
  }
}

async function migratePostgres(url: string): Promise<MigrationResult> {
  // One connection: the advisory lock and the migration must share it.
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    const count = async () => {
      const [table] = await client<{ exists: boolean }[]>`select to_regclass('drizzle.__drizzle_migrations') is not null as exists`;
      if (!table?.exists) return 0;
      const [row] = await client<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
      return row?.n ?? 0;
    };
    const before = await count();
    await migrate(drizzle({ client }), { migrationsFolder: POSTGRES_MIGRATIONS_FOLDER });
    const total = await count();
    return { applied: total - before, total };
  } finally {
    await client.end();
  }
}
