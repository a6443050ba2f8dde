import { describe, expect, it } from "vitest";
import { openSqliteStore } from "./test-support/open-sqlite-store";
import { databaseBefore } from "./test-support/database-before";
import { tempDataDir } from "./test-support/temp-data-dir";
import { TEST_SCRYPT } from "./test-support/test-clock";

describe("migration 0009_calls", () => {
  it("keeps the teams of an older database with their members, settings and rooms; each records nothing until set", async () => {
    const dir = tempDataDir("migration-0009");
    try {
      const dataDir = databaseBefore(dir.dir, "0009_calls", (sqlite) => {
        const at = Date.now();
        sqlite.prepare("INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES ('u1', 'a@acme.test', 'A', 'agent', 'x', ?)").run(at);
        sqlite
          .prepare("INSERT INTO teams (id, name, routing_strategy, offer_timeout_seconds, hold_audio, transfer_timeout_seconds, capacity, created_at, updated_at) VALUES ('support', 'Support', 'round_robin', 30, 'ringback', 45, 2, ?, ?)")
          .run(at, at);
        sqlite.prepare("INSERT INTO team_members (team_id, user_id, added_at) VALUES ('support', 'u1', ?)").run(at);
        sqlite.prepare("INSERT INTO conversations (id, team_id, channel_type, subject, priority, status, created_at, updated_at) VALUES ('c1', 'support', 'webchat', 'Chat', 'normal', 'waiting', ?, ?)").run(at, at);
      });
      const store = openSqliteStore({ dataDir, scrypt: TEST_SCRYPT });
      try {
        expect(await store.teams.getTeam("support")).toMatchObject({ routingStrategy: "round_robin", offerTimeoutSeconds: 30, holdAudio: "ringback", transferTimeoutSeconds: 45, capacity: 2, recording: "off", members: ["u1"] });
        expect((await store.rooms.conversations.get("c1"))?.teamId).toBe("support");
        expect((await store.teams.updateTeam("support", { recording: "agent" })).ok).toBe(true);
        expect(await store.teams.defaults("support")).toEqual({ holdAudio: "ringback", transferTimeoutSeconds: 45, recording: "agent" });
        expect(() => store.database.sqlite.prepare("UPDATE teams SET recording = 'always' WHERE id = 'support'").run()).toThrow(/CHECK constraint failed/);
        expect(store.database.sqlite.prepare("PRAGMA foreign_key_check").all()).toEqual([]);
      } finally {
        store.close();
      }
    } finally {
      dir.remove();
    }
  });
});
