import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PasswordWorkBusy, passwordWork, passwordWorkLimits } from "./password";
import { openTestRepos, type TestRepos } from "./test-support/test-repos";

let t: TestRepos;
beforeEach(async () => {
  t = await openTestRepos("users");
});
afterEach(() => t.dispose());

async function newUser(email = "Ada@Example.com ") {
  const result = await t.store.users.createUser({ email, name: "Ada", role: "admin", password: "s3cret pass" });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe("UsersRepo", () => {
  it("lower-cases emails and refuses a second user with the same one", async () => {
    const user = await newUser();
    expect(user.email).toBe("ada@example.com");
    const dup = await t.store.users.createUser({ email: "ADA@example.com", name: "Other", role: "agent", password: "x" });
    expect(!dup.ok && dup.error).toMatchObject({ code: "email_taken", status: 409 });
    expect((await t.store.users.findByEmail(" ada@EXAMPLE.com"))?.id).toBe(user.id);
    expect(await t.store.users.listUsers()).toHaveLength(1);
  });

  it("authenticates with the right password only, and never returns the hash", async () => {
    const user = await newUser();
    const found = await t.store.users.authenticate("ada@example.com", "s3cret pass");
    expect(found).toEqual(user);
    expect(found).not.toHaveProperty("passwordHash");
    expect(await t.store.users.authenticate("ada@example.com", "wrong")).toBeUndefined();
    expect(await t.store.users.authenticate("nobody@example.com", "s3cret pass")).toBeUndefined();
    const stored = (await t.rows(sql`select password_hash from users`))[0]?.password_hash;
    expect(String(stored)).toMatch(/^scrypt\$/);
    expect(String(stored)).not.toContain("s3cret");
  });

  it("changes the password", async () => {
    const user = await newUser();
    expect((await t.store.users.setPassword(user.id, "new one")).ok).toBe(true);
    expect(await t.store.users.authenticate(user.email, "s3cret pass")).toBeUndefined();
    expect((await t.store.users.authenticate(user.email, "new one"))?.id).toBe(user.id);
    expect(!(await t.store.users.setPassword("nobody", "x")).ok).toBe(true);
  });

  it("a disabled user cannot sign in", async () => {
    const user = await newUser();
    await t.store.users.setDisabled(user.id, true);
    expect(await t.store.users.authenticate(user.email, "s3cret pass")).toBeUndefined();
    await t.store.users.setDisabled(user.id, false);
    expect(await t.store.users.authenticate(user.email, "s3cret pass")).toBeDefined();
  });

  it("keeps users across close and reopen", async () => {
    const user = await newUser();
    const store = await t.reopen();
    expect((await store.users.authenticate(user.email, "s3cret pass"))?.id).toBe(user.id);
  });
});

describe("authenticate while password hashing is at its bound", () => {
  afterEach(() => passwordWork.configure(passwordWorkLimits()));

  it("an unknown email refused as busy once is checked normally when the work is done", async () => {
    passwordWork.configure({ concurrency: 1, queue: 0 });
    let release = () => undefined as void;
    const occupied = passwordWork.run(() => new Promise<void>((resolve) => (release = resolve)));
    // The first unknown email makes the dummy hash it is checked against: refused, nothing hashed.
    await expect(t.store.users.authenticate("nobody@example.com", "guess")).rejects.toBeInstanceOf(PasswordWorkBusy);
    release();
    await occupied;
    expect(await t.store.users.authenticate("nobody@example.com", "guess")).toBeUndefined();
  });
});
