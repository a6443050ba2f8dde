import { existsSync } from "node:fs";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import type { DatabaseTarget } from "./database-target";
import { type MigrationResult, migratePostgres } from "./migrate-postgres";
import { DATABASE_FILE_NAME, openDatabase } from "./open-database";

export type { MigrationResult };

/**
 * Brings a database's schema up to date without starting the server (`npm run db:migrate`), for
 * deployments that migrate before they roll out. SQLite: what `openDatabase` does at start-up
 * (committed migrations, foreign keys checked). PostgreSQL: `migratePostgres`.
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
