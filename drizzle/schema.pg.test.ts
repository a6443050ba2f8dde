import { and, eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import { PgTable } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECT } from "#dialect";
import { migratePostgres } from "../runtime/store/migrate-postgres";
import { type PostgresCluster, postgresTestsEnabled, startPostgresCluster } from "../runtime/store/test-support/postgres-cluster";
import * as schema from "./schema";

const { channels, flows, sessions, timers, users } = schema;

describe("drizzle/schema.ts in the PostgreSQL build", () => {
  it("is pg-core", () => {
    expect(DIALECT).toBe("postgresql");
    expect(Object.values(schema).filter((value) => value instanceof PgTable)).toHaveLength(29);
  });
});

describe.skipIf(!postgresTestsEnabled())("the same tables on a PostgreSQL database, through drizzle", () => {
  let cluster: PostgresCluster;
  let client: postgres.Sql;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    const url = await cluster.createDatabase("schema_round_trip");
    await migratePostgres(url);
    client = postgres(url, { max: 4, onnotice: () => {} });
  });
  afterAll(async () => {
    await client?.end();
    await cluster?.stop();
  });

  it("gives back times as numbers of ms, flags as booleans and JSON as the text written", async () => {
    const db = drizzle({ client, schema });
    const at = Date.UTC(2031, 5, 1, 12, 0, 0, 123);
    const state = JSON.stringify({ vars: { name: "Ada" }, at: "node-1" });
    await db.insert(users).values({ id: "u1", email: "ada@example.com", name: "Ada", role: "admin", passwordHash: "scrypt$…", createdAt: at });
    await db.insert(flows).values({ id: "support-line", name: "Support", draft: "{}", draftHash: "h", createdAt: at, updatedAt: at });
    await db.insert(channels).values({ id: "c1", type: "webchat", name: "Site", flowId: "support-line", credentials: "{}", settings: "{}", status: "active", createdAt: at, updatedAt: at });
    await db.insert(sessions).values({ id: "s1", flowId: "support-line", source: "draft", channelType: "webchat", status: "active", state, startedAt: at, updatedAt: at });

    const [channel] = await db.select().from(channels).where(eq(channels.id, "c1"));
    expect(channel).toMatchObject({ enabled: true, createdAt: at });
    expect(typeof channel?.createdAt).toBe("number");
    const session = await db.query.sessions.findFirst({ where: eq(sessions.id, "s1") });
    expect(session).toMatchObject({ state, rev: 1, stepCount: 0, startedAt: at, endedAt: null, version: null });
  });

  it("keeps the guarded UPDATE … RETURNING and the CHECK constraints of SQLite", async () => {
    const db = drizzle({ client, schema });
    const now = Date.UTC(2031, 5, 1);
    const bumped = await db
      .update(sessions)
      .set({ rev: sql`${sessions.rev} + 1`, stepCount: sql`${sessions.stepCount} + 2`, updatedAt: now })
      .where(and(eq(sessions.id, "s1"), eq(sessions.rev, 1)))
      .returning({ rev: sessions.rev, stepCount: sessions.stepCount });
    expect(bumped).toEqual([{ rev: 2, stepCount: 2 }]);
    const stale = await db.update(sessions).set({ updatedAt: now }).where(and(eq(sessions.id, "s1"), eq(sessions.rev, 1))).returning();
    expect(stale).toEqual([]);
    // drizzle wraps the driver's error: its cause is PostgreSQL's (23503 foreign key, 23514 check).
    await expect(db.insert(timers).values({ id: "t1", sessionId: "missing", sessionRev: 1, kind: "input_timeout", dueAt: now, payload: "{}", createdAt: now })).rejects.toMatchObject({
      cause: { code: "23503", constraint_name: "timers_session_id_sessions_id_fk" },
    });
    await expect(db.execute(sql`update sessions set status = 'lost' where id = 's1'`)).rejects.toMatchObject({ cause: { code: "23514", constraint_name: "sessions_status_check" } });
  });
});
