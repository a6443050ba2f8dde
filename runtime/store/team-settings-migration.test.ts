import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { DATABASE_FILE_NAME, MIGRATIONS_FOLDER } from "./open-database";
import { openSqliteStore } from "./test-support/open-sqlite-store";
import { TEST_SCRYPT } from "./test-support/test-store";
import { tempDataDir } from "./test-support/temp-data-dir";

const dir = tempDataDir("migration-0007");
afterEach(() => dir.remove());

const Journal = z.object({ entries: z.array(z.object({ tag: z.string() }).loose()) }).loose();

/** A database file migrated up to (not including) `stopAt`, like one written by an older release. */
function databaseBefore(stopAt: string): string {
  const folder = join(dir.dir, "old-migrations");
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalFile = join(folder, "meta", "_journal.json");
  const journal = Journal.parse(JSON.parse(readFileSync(journalFile, "utf8")));
  const cut = journal.entries.findIndex((entry) => entry.tag === stopAt);
  expect(cut).toBeGreaterThan(0);
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }));
  const dataDir = join(dir.dir, "data");
  mkdirSync(dataDir);
  const sqlite = new BetterSqlite3(join(dataDir, DATABASE_FILE_NAME));
  migrate(drizzle({ client: sqlite }), { migrationsFolder: folder });
  const at = Date.now();
  sqlite.prepare("INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, 'agent', 'x', ?)").run("u-default", "a@acme.test", "A", at);
  sqlite.prepare("INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, 'agent', 'x', ?)").run("u-five", "b@acme.test", "B", at);
  sqlite.prepare("INSERT INTO teams (id, name, routing_strategy, offer_timeout_seconds, created_at, updated_at) VALUES ('support', 'Support', 'round_robin', 30, ?, ?)").run(at, at);
  sqlite.prepare("INSERT INTO team_members (team_id, user_id, added_at) VALUES ('support', 'u-default', ?), ('support', 'u-five', ?)").run(at, at);
  sqlite.prepare("INSERT INTO agent_states (user_id, availability, capacity, updated_at) VALUES ('u-default', 'away', 3, ?), ('u-five', 'available', 5, ?)").run(at, at);
  sqlite.close();
  rmSync(folder, { recursive: true, force: true });
  return dataDir;
}

describe("migration 0007_team_settings", () => {
  it("adds the team settings (null), keeps teams, members and availability, and takes the old default capacity 3 as not set", async () => {
    const store = openSqliteStore({ dataDir: databaseBefore("0007_team_settings"), scrypt: TEST_SCRYPT });
    try {
      expect(await store.teams.getTeam("support")).toMatchObject({
        routingStrategy: "round_robin",
        offerTimeoutSeconds: 30,
        holdAudio: null,
        transferTimeoutSeconds: null,
        capacity: null,
        members: ["u-default", "u-five"],
      });
      expect(await store.rooms.agents.getAgent("u-default")).toMatchObject({ availability: "away", capacity: 3, ownCapacity: null });
      expect(await store.rooms.agents.getAgent("u-five")).toMatchObject({ availability: "available", capacity: 5, ownCapacity: 5 });
      // The team's default now reaches the agent whose 3 was the old default, not the one set to 5.
      expect((await store.teams.updateTeam("support", { capacity: 2 })).ok).toBe(true);
      expect((await store.rooms.agents.getAgent("u-default"))?.capacity).toBe(2);
      expect((await store.rooms.agents.getAgent("u-five"))?.capacity).toBe(5);
    } finally {
      store.close();
    }
  });
});
