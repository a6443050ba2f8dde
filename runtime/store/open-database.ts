import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "../../drizzle/schema";
import type { Db } from "./database";
import { checkpointOnTimer } from "./wal-checkpoints";
import { type WriteBatch, writeBatchOf } from "./write-batch";

/** The committed drizzle-kit migrations, found from this file so the working directory does not matter. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../drizzle/migrations", import.meta.url));
export const DATABASE_FILE_NAME = "switchboard.db";

export interface OpenDatabaseOptions {
  /** Created when missing. The database is `<dataDir>/switchboard.db`. */
  dataDir: string;
  /** How long a writer waits for another one before failing with SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

export interface StoreDatabase {
  /** Drizzle, with the schema. */
  db: Db;
  /** The better-sqlite3 handle, for pragmas and backups. */
  sqlite: BetterSqlite3.Database;
  /** Absolute or relative path of the database file, as opened. */
  file: string;
  /** The group commit the session writes go through. */
  writes: WriteBatch;
  /**
   * Commits the writes still queued, then closes: at once when none are, else right after their
   * COMMIT (the promise settles once closed).
   */
  close(): Promise<void>;
}

/**
 * Opens (creating when needed) the SQLite database of a data directory and brings its schema up
 * to date: WAL journal, synchronous NORMAL, foreign keys on, then every pending migration.
 */
export function openDatabase({ dataDir, busyTimeoutMs = 5_000 }: OpenDatabaseOptions): StoreDatabase {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, DATABASE_FILE_NAME);
  const sqlite = new BetterSqlite3(file);
  try {
    sqlite.pragma(`busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
    const mode: unknown = sqlite.pragma("journal_mode = WAL", { simple: true });
    if (mode !== "wal") throw new Error(`could not switch ${file} to WAL mode (journal_mode is ${String(mode)})`);
    sqlite.pragma("synchronous = NORMAL");
    const db = drizzle({ client: sqlite, schema });
    applyMigrations(db, sqlite);
    sqlite.pragma("foreign_keys = ON");
    const writes = writeBatchOf(sqlite);
    const stopCheckpoints = checkpointOnTimer(sqlite);
    const close = () => {
      stopCheckpoints();
      return writes.closeWhenIdle(() => sqlite.close());
    };
    return { db, sqlite, file, writes, close };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

/**
 * Runs the pending migrations with foreign keys off (a migration that rebuilds a table must not
 * cascade into its children), then checks that no reference was broken.
 */
function applyMigrations(db: Db, sqlite: BetterSqlite3.Database): void {
  sqlite.pragma("foreign_keys = OFF");
  try {
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } catch (first) {
    // Two processes opening a fresh file at once: the loser's migration fails on tables the winner
    // has just created. Once the winner committed, a second run finds nothing left to do.
    try {
      migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    } catch {
      throw first;
    }
  }
  const broken = sqlite.pragma("foreign_key_check");
  if (Array.isArray(broken) && broken.length > 0) throw new Error(`migrations left ${broken.length} broken foreign key reference(s): ${JSON.stringify(broken.slice(0, 5))}`);
}
