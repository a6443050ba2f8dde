import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { z } from "zod";
import { DATABASE_FILE_NAME, MIGRATIONS_FOLDER } from "../open-database";

const Journal = z.object({ entries: z.array(z.object({ tag: z.string() }).loose()) }).loose();

/**
 * A data directory under `dir` whose database is migrated up to (not including) the migration
 * tagged `stopAt`, like one written by an older release; `seed` writes its rows with plain SQL.
 */
export function databaseBefore(dir: string, stopAt: string, seed: (sqlite: BetterSqlite3.Database) => void): string {
  const folder = join(dir, "old-migrations");
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalFile = join(folder, "meta", "_journal.json");
  const journal = Journal.parse(JSON.parse(readFileSync(journalFile, "utf8")));
  const cut = journal.entries.findIndex((entry) => entry.tag === stopAt);
  if (cut <= 0) throw new Error(`no migration ${stopAt} after the first`);
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }));
  const dataDir = join(dir, "data");
  mkdirSync(dataDir);
  const sqlite = new BetterSqlite3(join(dataDir, DATABASE_FILE_NAME));
  try {
    migrate(drizzle({ client: sqlite }), { migrationsFolder: folder });
    seed(sqlite);
  } finally {
    sqlite.close();
    rmSync(folder, { recursive: true, force: true });
  }
  return dataDir;
}
