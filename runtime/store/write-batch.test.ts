import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inTransaction } from "./dialect/sqlite";
import { sampleFlow } from "./test-support/sample-flow";
import { openTestStore, type TestStore } from "./test-support/test-store";

let t: TestStore;
beforeEach(async () => {
  t = openTestStore("write-batch");
  await t.store.flows.createFlow(sampleFlow("support"), "u1");
  await t.store.flows.publish("support", { author: "u1" });
});
afterEach(() => t.dispose());

const newSession = (id: string) => t.store.sessions.createSession({ id, flowId: "support", version: 1, channelType: "twilio_voice", state: { at: "start" } });
const step = (nodeId: string) => ({ nodeId, nodeType: "greeting", outcome: "next" });
const count = (table: string): unknown => t.store.database.sqlite.prepare(`select count(*) from ${table}`).pluck().get();

describe("WriteBatch (group commit)", () => {
  it("commits the writes asked for in one turn together, and settles each only after the COMMIT", async () => {
    const { writes, sqlite } = t.store.database;
    const seen: string[] = [];
    const first = writes.run(() => {
      seen.push(`first in transaction: ${sqlite.inTransaction}`);
      return 1;
    });
    const second = writes.run(() => {
      seen.push(`second in transaction: ${sqlite.inTransaction}`);
      return "two";
    });
    void first.then(() => seen.push(`first settled, in transaction: ${sqlite.inTransaction}`));
    expect(seen).toEqual([]);
    expect(await Promise.all([first, second])).toEqual([1, "two"]);
    expect(seen).toEqual(["first in transaction: true", "second in transaction: true", "first settled, in transaction: false"]);
  });

  it("rolls back and rejects only the work that threw", async () => {
    await Promise.all([newSession("a"), newSession("b")]);
    const results = await Promise.allSettled([
      t.store.sessions.commitStep({ sessionId: "a", expectedRev: 1, state: { at: "a2" }, status: "waiting", steps: [step("a")] }),
      t.store.database.writes.run(() => {
        t.store.database.sqlite.prepare("update sessions set status = 'ended' where id = 'b'").run();
        throw new Error("nope");
      }),
      t.store.sessions.commitStep({ sessionId: "b", expectedRev: 1, state: { at: "b2" }, status: "waiting", steps: [step("b")] }),
    ]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(await t.store.sessions.getSessionHead("a")).toMatchObject({ rev: 2, status: "waiting", state: { at: "a2" } });
    expect(await t.store.sessions.getSessionHead("b")).toMatchObject({ rev: 2, status: "waiting", state: { at: "b2" } });
    expect(count("session_steps")).toBe(2);
  });

  it("applies the rev guard in queue order: of two commits on the same rev in one batch, the second is stale", async () => {
    await newSession("a");
    const [won, lost] = await Promise.all([
      t.store.sessions.commitStep({ sessionId: "a", expectedRev: 1, state: { by: "first" }, status: "waiting", steps: [step("x")] }),
      t.store.sessions.commitStep({ sessionId: "a", expectedRev: 1, state: { by: "second" }, status: "waiting", steps: [step("y")] }),
    ]);
    expect(won).toMatchObject({ ok: true, value: { rev: 2, stepCount: 1 } });
    expect(!lost.ok && lost.error.code).toBe("stale_revision");
    expect(await t.store.sessions.getSession("a")).toMatchObject({ rev: 2, state: { by: "first" }, steps: [{ seq: 1, nodeId: "x" }] });
  });

  it("waits while a transaction holds the connection: that transaction's ROLLBACK does not take the batch's writes", async () => {
    const { db, sqlite, writes } = t.store.database;
    const insertTeam = (id: string) => sqlite.prepare("insert into teams (id, name, created_at, updated_at) values (?, ?, 1, 1)").run(id, id);
    let queued: Promise<unknown> | undefined;
    const failing = inTransaction(db, async () => {
      insertTeam("in_transaction");
      queued = writes.run(() => insertTeam("batched"));
      await new Promise((resolve) => setTimeout(resolve, 20)); // the batch's turn comes meanwhile
      throw new Error("rolled back");
    });
    await expect(failing).rejects.toThrow("rolled back");
    await queued;
    expect(sqlite.prepare("select id from teams").pluck().all()).toEqual(["batched"]);
  });

  it("commits what is still queued when the store closes", async () => {
    const created = newSession("queued");
    const store = t.reopen();
    await created;
    expect((await store.sessions.getSessionHead("queued"))?.rev).toBe(1);
  });
});

describe("SessionsRepo.createAndCommit", () => {
  it("writes a session and its first step together, as createSession then commitStep at rev 1 would", async () => {
    const committed = await t.store.sessions.createAndCommit(
      { id: "s1", flowId: "support", version: 1, channelType: "simulator", state: { at: "created" }, startedAt: t.clock.time - 5 },
      { state: { at: "started" }, status: "waiting", steps: [step("welcome"), step("menu")], timers: { arm: [{ kind: "input_timeout", dueAt: 8_000 }] } },
    );
    expect(committed).toMatchObject({ rev: 2, stepCount: 2 });
    expect(committed.timerIds).toHaveLength(1);
    expect(await t.store.sessions.getSession("s1")).toMatchObject({
      rev: 2,
      status: "waiting",
      stepCount: 2,
      startedAt: t.clock.time - 5,
      updatedAt: t.clock.time,
      state: { at: "started" },
      steps: [{ seq: 1, nodeId: "welcome" }, { seq: 2, nodeId: "menu" }],
    });
    expect((await t.store.timers.listPending("s1")).map((timer) => [timer.kind, timer.sessionRev])).toEqual([["input_timeout", 2]]);
  });

  it("a first step that ends the session writes it ended: end reason, ended_at, no timers", async () => {
    const committed = await t.store.sessions.createAndCommit(
      { id: "s2", flowId: "support", version: 1, channelType: "simulator", state: { at: "created" } },
      { state: { at: "over" }, status: "ended", endReason: "hangup_node", steps: [step("welcome"), step("bye")], timers: { arm: [{ kind: "input_timeout", dueAt: 8_000 }] } },
    );
    expect(committed).toMatchObject({ rev: 2, stepCount: 2, timerIds: [] });
    expect(await t.store.sessions.getSession("s2")).toMatchObject({ status: "ended", endReason: "hangup_node", endedAt: t.clock.time, rev: 2, steps: [{ seq: 1 }, { seq: 2 }] });
    expect(await t.store.timers.listPending("s2")).toEqual([]);
  });

  it("writes nothing when the id is taken", async () => {
    await newSession("s1");
    await expect(t.store.sessions.createAndCommit({ id: "s1", flowId: "support", version: 1, channelType: "simulator", state: {} }, { state: {}, status: "waiting", steps: [step("welcome")] })).rejects.toThrow();
    expect(await t.store.sessions.getSession("s1")).toMatchObject({ rev: 1, state: { at: "start" }, steps: [] });
  });
});
