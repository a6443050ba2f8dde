import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestRepos, type TestRepos } from "./test-support/test-repos";

let t: TestRepos;
beforeEach(async () => {
  t = await openTestRepos("api_keys");
});
afterEach(() => t.dispose());

describe("ApiKeysRepo", () => {
  it("returns the key once and stores only its hash and a short prefix", async () => {
    const { key, record } = await t.store.apiKeys.createApiKey({ name: "ci", role: "admin", createdBy: null });
    expect(key).toMatch(/^sb_[\w-]{43}$/);
    expect(record.prefix).toBe(key.slice(0, 10));

    const dump = JSON.stringify(await t.rows(sql`select * from api_keys`));
    expect(dump).not.toContain(key);
    expect(dump).not.toContain(key.slice(3));
    expect(await t.store.apiKeys.listApiKeys()).toEqual([record]);
  });

  it("finds a key by its plaintext and notes its use", async () => {
    const { key, record } = await t.store.apiKeys.createApiKey({ name: "ci", role: "agent", createdBy: null });
    t.clock.advance(5_000);
    expect(await t.store.apiKeys.findApiKey(key)).toEqual({ ...record, lastUsedAt: t.clock.time });
    expect(await t.store.apiKeys.findApiKey(`${key}x`)).toBeUndefined();
    expect(await t.store.apiKeys.findApiKey("sb_unknown")).toBeUndefined();
  });

  it("does not find a revoked key", async () => {
    const { key, record } = await t.store.apiKeys.createApiKey({ name: "ci", role: "admin", createdBy: null });
    const revoked = await t.store.apiKeys.revokeApiKey(record.id);
    expect(revoked).toEqual({ ok: true, value: { revokedAt: t.clock.time } });
    expect(await t.store.apiKeys.findApiKey(key)).toBeUndefined();
    expect((await t.store.apiKeys.listApiKeys())[0]?.revokedAt).toBe(t.clock.time);
    const missing = await t.store.apiKeys.revokeApiKey("nope");
    expect(!missing.ok && missing.error.code).toBe("api_key_not_found");
  });

  it("keeps keys across close and reopen", async () => {
    const { key, record } = await t.store.apiKeys.createApiKey({ name: "ci", role: "admin", createdBy: null });
    const store = await t.reopen();
    expect((await store.apiKeys.findApiKey(key))?.id).toBe(record.id);
  });
});
