import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestRepos, type TestRepos } from "./test-support/test-repos";

let t: TestRepos;
beforeEach(async () => {
  t = await openTestRepos("api_key_cache");
});
afterEach(() => t.dispose());

/** As a number on both databases (PostgreSQL gives raw `bigint`s as text). */
const lastUsedInDb = async (id: string) => Number((await t.rows(sql`select last_used_at from api_keys where id = ${id}`))[0]?.last_used_at);

describe("API keys found recently (kept 10 s in memory)", () => {
  it("refuses a key at once once it is revoked through the same store", async () => {
    const { key, record } = await t.store.apiKeys.createApiKey({ name: "ci", role: "admin", createdBy: null });
    expect((await t.store.apiKeys.findApiKey(key))?.id).toBe(record.id);
    await t.store.apiKeys.revokeApiKey(record.id);
    expect(await t.store.apiKeys.findApiKey(key)).toBeUndefined();
  });

  it("reads the row again after 10 s: a key revoked elsewhere stops working then", async () => {
    const { key, record } = await t.store.apiKeys.createApiKey({ name: "ci", role: "admin", createdBy: null });
    await t.store.apiKeys.findApiKey(key);
    await t.rows(sql`update api_keys set revoked_at = ${t.clock.time} where id = ${record.id}`);
    t.clock.advance(9_999);
    expect((await t.store.apiKeys.findApiKey(key))?.id).toBe(record.id);
    t.clock.advance(1);
    expect(await t.store.apiKeys.findApiKey(key)).toBeUndefined();
  });

  it("notes the use at most once a minute, cached or not, and answers with the time noted", async () => {
    const { key, record } = await t.store.apiKeys.createApiKey({ name: "ci", role: "admin", createdBy: null });
    const first = t.clock.time;
    expect(await t.store.apiKeys.findApiKey(key)).toEqual({ ...record, lastUsedAt: first });
    for (const step of [5_000, 5_000, 20_000, 29_999]) {
      t.clock.advance(step);
      expect((await t.store.apiKeys.findApiKey(key))?.lastUsedAt).toBe(first);
      expect(await lastUsedInDb(record.id)).toBe(first);
    }
    t.clock.advance(1);
    expect((await t.store.apiKeys.findApiKey(key))?.lastUsedAt).toBe(t.clock.time);
    expect(await lastUsedInDb(record.id)).toBe(t.clock.time);
  });

  it("hands out copies: changing a record found does not change the next one", async () => {
    const { key } = await t.store.apiKeys.createApiKey({ name: "ci", role: "admin", createdBy: null });
    const found = await t.store.apiKeys.findApiKey(key);
    if (found === undefined) throw new Error("the key was just created");
    found.name = "changed";
    expect((await t.store.apiKeys.findApiKey(key))?.name).toBe("ci");
  });
});
