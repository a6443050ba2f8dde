import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestRepos, type TestRepos } from "./test-support/test-repos";
import type { UserRecord } from "./users-repo";

const DAY = 86_400_000;
let t: TestRepos;
let user: UserRecord;

beforeEach(async () => {
  t = await openTestRepos("auth");
  const created = await t.store.users.createUser({ email: "ada@example.com", name: "Ada", role: "agent", password: "pw" });
  if (!created.ok) throw new Error(created.error.message);
  user = created.value;
});
afterEach(() => t.dispose());

describe("AuthSessionsRepo", () => {
  it("finds the user by the cookie token, stores only its hash, and forgets it on sign-out", async () => {
    const { token, expiresAt } = await t.store.authSessions.createAuthSession(user.id, DAY);
    expect(expiresAt).toBe(t.clock.time + DAY);
    expect(await t.store.authSessions.findAuthSession(token)).toEqual({ user, createdAt: t.clock.time, expiresAt });
    const ids = (await t.rows(sql`select id from auth_sessions`)).map((row) => row.id);
    expect(ids).not.toContain(token);

    expect(await t.store.authSessions.deleteAuthSession(token)).toBe(true);
    expect(await t.store.authSessions.findAuthSession(token)).toBeUndefined();
  });

  it("does not accept an expired token or a disabled user's", async () => {
    const { token } = await t.store.authSessions.createAuthSession(user.id, DAY);
    await t.store.users.setDisabled(user.id, true);
    expect(await t.store.authSessions.findAuthSession(token)).toBeUndefined();
    await t.store.users.setDisabled(user.id, false);
    t.clock.advance(DAY);
    expect(await t.store.authSessions.findAuthSession(token)).toBeUndefined();
    expect(await t.store.authSessions.purgeExpired()).toBe(1);
  });

  it("signs a user out everywhere", async () => {
    await t.store.authSessions.createAuthSession(user.id, DAY);
    await t.store.authSessions.createAuthSession(user.id, DAY);
    expect(await t.store.authSessions.deleteForUser(user.id)).toBe(2);
  });
});
