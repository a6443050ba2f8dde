import { asc, eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { teams } from "../../../drizzle/schema";
import { changes, DIALECT, inTransaction, many, one, prepared, skipLocked } from "#store-dialect";
import { openTestDatabase, type TestDatabase } from "../test-support/test-database";

// Runs in both vitest projects: on SQLite by default, on PostgreSQL in the `postgres` project.
let t: TestDatabase;
beforeEach(async () => {
  t = await openTestDatabase("store_dialect");
});
afterEach(() => t.dispose());

const team = (id: string, name = id) => ({ id, name, createdAt: 1, updatedAt: 1 });
const names = async () => (await many(t.db.select({ id: teams.id }).from(teams).orderBy(asc(teams.id)))).map((row) => row.id);
const aWhile = () => new Promise<void>((resolve) => setTimeout(resolve, 20));

describe(`#store-dialect (${DIALECT})`, () => {
  it("answers one row, many rows and the count of changed rows the same way", async () => {
    await changes(t.db.insert(teams).values([team("a"), team("b"), team("c")]));
    expect(await one(t.db.select({ name: teams.name }).from(teams).where(eq(teams.id, "b")))).toEqual({ name: "b" });
    expect(await one(t.db.select().from(teams).where(eq(teams.id, "nope")))).toBeUndefined();
    expect(await names()).toEqual(["a", "b", "c"]);
    expect(await changes(t.db.update(teams).set({ name: "x" }).where(sql`${teams.id} <> 'a'`))).toBe(2);
    expect(await changes(t.db.delete(teams).where(eq(teams.id, "nope")))).toBe(0);
    expect(await one(t.db.update(teams).set({ name: "y" }).where(eq(teams.id, "a")).returning({ id: teams.id, name: teams.name }))).toEqual({ id: "a", name: "y" });
    expect(await t.rows(sql`select count(*) as n from teams`)).toEqual([{ n: DIALECT === "sqlite" ? 3 : "3" }]);
  });

  it("runs prepared queries with their placeholders' values", async () => {
    await changes(t.db.insert(teams).values([team("a", "Alpha"), team("b", "Beta")]));
    const byId = prepared("team_by_id", t.db.select({ name: teams.name }).from(teams).where(eq(teams.id, sql.placeholder("id"))));
    const rename = prepared("team_rename", t.db.update(teams).set({ name: sql`${sql.placeholder("name")}` }).where(eq(teams.id, sql.placeholder("id"))));
    expect(await byId.get({ id: "b" })).toEqual({ name: "Beta" });
    expect(await byId.all({ id: "a" })).toEqual([{ name: "Alpha" }]);
    expect(await byId.get({ id: "nope" })).toBeUndefined();
    expect(await rename.run({ id: "a", name: "Again" })).toBe(1);
    expect(await rename.run({ id: "nope", name: "x" })).toBe(0);
    expect(await byId.get({ id: "a" })).toEqual({ name: "Again" });
  });

  it("commits a transaction's writes together, and rolls them all back when it throws", async () => {
    await inTransaction(t.db, async (tx) => {
      await changes(tx.insert(teams).values(team("a")));
      await changes(tx.insert(teams).values(team("b")));
    });
    await expect(
      inTransaction(t.db, async (tx) => {
        await changes(tx.insert(teams).values(team("c")));
        await changes(tx.insert(teams).values(team("a"))); // taken: the whole transaction goes
      }),
    ).rejects.toThrow();
    expect(await names()).toEqual(["a", "b"]);
    expect(await inTransaction(t.db, async (tx) => (await one(tx.select({ id: teams.id }).from(teams).where(eq(teams.id, "b"))))?.id)).toBe("b");
  });

  it("two transactions begun in one tick do not mix: the one that rolls back takes only its own writes", async () => {
    const order: string[] = [];
    const failing = inTransaction(t.db, async (tx) => {
      order.push("first begins");
      await changes(tx.insert(teams).values(team("first")));
      await aWhile(); // another transaction asked for meanwhile must not run inside this one
      order.push("first fails");
      throw new Error("first fails");
    });
    const succeeding = inTransaction(t.db, async (tx) => {
      order.push("second begins");
      await changes(tx.insert(teams).values(team("second")));
      await aWhile();
      order.push("second commits");
    });
    const [first, second] = await Promise.allSettled([failing, succeeding]);
    expect(first.status).toBe("rejected");
    expect(second.status).toBe("fulfilled");
    expect(await names()).toEqual(["second"]);
    // SQLite has one connection: the second waits for the first. PostgreSQL runs them side by side.
    if (DIALECT === "sqlite") expect(order).toEqual(["first begins", "first fails", "second begins", "second commits"]);
  });

  it("skipLocked: a claim skips the rows another transaction has locked (PostgreSQL); SQLite's one writer needs no more", async () => {
    await changes(t.db.insert(teams).values([team("a"), team("b")]));
    const claim = (tx: Parameters<Parameters<typeof inTransaction>[1]>[0], id?: string) =>
      many(skipLocked(tx.select({ id: teams.id }).from(teams).where(id === undefined ? undefined : eq(teams.id, id)).orderBy(asc(teams.id))));
    if (DIALECT === "sqlite") {
      expect(await inTransaction(t.db, (tx) => claim(tx))).toEqual([{ id: "a" }, { id: "b" }]);
      return;
    }
    let otherSaw: { id: string }[] = [];
    await inTransaction(t.db, async (tx) => {
      expect(await claim(tx, "a")).toEqual([{ id: "a" }]);
      // Row a is locked by this transaction until it ends: another claim takes b only.
      otherSaw = await inTransaction(t.db, (other) => claim(other));
    });
    expect(otherSaw).toEqual([{ id: "b" }]);
    expect(await inTransaction(t.db, (tx) => claim(tx))).toEqual([{ id: "a" }, { id: "b" }]);
  });
});
