import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DATABASE_FILE_NAME, MIGRATIONS_FOLDER, openDatabase } from "./open-database";
import { tempDataDir } from "./test-support/temp-data-dir";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function freshDir(): string {
  const { dir, remove } = tempDataDir("open");
  cleanups.push(remove);
  return dir;
}

function journalEntries(): number {
  const journal: unknown = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8"));
  if (typeof journal !== "object" || journal === null || !("entries" in journal) || !Array.isArray(journal.entries)) throw new Error("bad journal");
  return journal.entries.length;
}

function tableNames(database: ReturnType<typeof openDatabase>): string[] {
  return database.sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
    .pluck()
    .all()
    .map(String);
}

describe("openDatabase", () => {
  it("creates the data dir and switchboard.db, applies every migration, and sets the pragmas", () => {
    const dataDir = join(freshDir(), "nested", "data");
    const database = openDatabase({ dataDir });
    try {
      expect(database.file).toBe(join(dataDir, DATABASE_FILE_NAME));
      expect(existsSync(database.file)).toBe(true);
      expect(database.sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(database.sqlite.pragma("synchronous", { simple: true })).toBe(1); // NORMAL
      expect(database.sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(database.sqlite.pragma("busy_timeout", { simple: true })).toBe(5000);
      expect(tableNames(database)).toEqual(
        expect.arrayContaining(["flows", "flow_versions", "sessions", "session_steps", "timers", "inbound_events", "users", "api_keys", "auth_sessions"]),
      );
      const applied = database.sqlite.prepare("select count(*) from __drizzle_migrations").pluck().get();
      expect(applied).toBe(journalEntries());
    } finally {
      database.close();
    }
  });

  it("is idempotent on reopen: nothing is migrated twice and the data stays", () => {
    const dataDir = freshDir();
    const first = openDatabase({ dataDir });
    first.sqlite
      .prepare("insert into users (id, email, name, role, password_hash, created_at) values (?, ?, ?, ?, ?, ?)")
      .run("u1", "a@example.com", "A", "admin", "x", 1);
    first.close();

    const second = openDatabase({ dataDir });
    try {
      expect(second.sqlite.prepare("select count(*) from __drizzle_migrations").pluck().get()).toBe(journalEntries());
      expect(second.sqlite.prepare("select email from users where id = 'u1'").pluck().get()).toBe("a@example.com");
      expect(second.sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    } finally {
      second.close();
    }
  });

  it("finds the migrations from its own location, not from the working directory", () => {
    expect(isAbsolute(MIGRATIONS_FOLDER)).toBe(true);
    expect(existsSync(join(MIGRATIONS_FOLDER, "meta", "_journal.json"))).toBe(true);
  });

  it("enforces foreign keys once open", () => {
    const database = openDatabase({ dataDir: freshDir() });
    try {
      expect(() =>
        database.sqlite.prepare("insert into auth_sessions (id, user_id, created_at, expires_at) values ('h', 'no-such-user', 1, 2)").run(),
      ).toThrow(/FOREIGN KEY/);
    } finally {
      database.close();
    }
  });
});
