import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ClaimedTimer, TimersRepo } from "./timers-repo";
import { sampleFlow } from "./test-support/sample-flow";
import { openTestRepos, type TestRepos } from "./test-support/test-repos";

const LEASE = 30_000;
let t: TestRepos;
let sessionId: string;

beforeEach(async () => {
  t = await openTestRepos("timers");
  await t.store.flows.createFlow(sampleFlow("support"), "u1");
  sessionId = (await t.store.sessions.createSession({ flowId: "support", version: null, channelType: "simulator", state: {} })).id;
});
afterEach(() => t.dispose());

function arm(kind: string, inMs: number, payload?: unknown) {
  return t.store.timers.armTimer({ sessionId, sessionRev: 1, kind, dueAt: t.clock.time + inMs, payload });
}

/** `count` due timers on as many sessions (a timer loop sees many sessions' timers at once). */
async function armMany(count: number): Promise<void> {
  const sessions = await Promise.all(Array.from({ length: Math.ceil(count / 10) }, () => t.store.sessions.createSession({ flowId: "support", version: null, channelType: "simulator", state: {} })));
  await Promise.all(
    Array.from({ length: count }, (_, index) => {
      const session = sessions[index % sessions.length];
      if (session === undefined) throw new Error("unreachable: a session per ten timers");
      return t.store.timers.armTimer({ sessionId: session.id, sessionRev: 1, kind: "input_timeout", dueAt: t.clock.time - (index % 50) });
    }),
  );
}

describe("TimersRepo", () => {
  it("claims only due timers, soonest first, and hands back their payload and rev", async () => {
    const late = await arm("input_timeout", 10_000);
    const soon = await arm("http_timeout", 1_000, { node: "lookup" });
    const now = await arm("transfer_timeout", 0);

    const claimed = await t.store.timers.claimDueTimers({ workerId: "w1", leaseMs: LEASE, now: t.clock.time + 1_000 });
    expect(claimed.map((c) => c.id)).toEqual([now, soon]);
    expect(claimed[1]).toMatchObject({ kind: "http_timeout", payload: { node: "lookup" }, sessionId, sessionRev: 1, claimedBy: "w1", claimedUntil: t.clock.time + 1_000 + LEASE });
    expect(claimed.map((c) => c.id)).not.toContain(late);
  });

  it("respects the limit", async () => {
    for (let i = 0; i < 5; i++) await arm("input_timeout", i);
    const claimed = await t.store.timers.claimDueTimers({ workerId: "w1", leaseMs: LEASE, limit: 2, now: t.clock.time + 10 });
    expect(claimed.map((c) => c.dueAt)).toEqual([t.clock.time, t.clock.time + 1]);
  });

  it("does not claim a leased timer again until the lease expires, then does (crash recovery)", async () => {
    const id = await arm("input_timeout", 0);
    expect((await t.store.timers.claimDueTimers({ workerId: "w1", leaseMs: LEASE })).map((c) => c.id)).toEqual([id]);

    t.clock.advance(LEASE - 1);
    expect(await t.store.timers.claimDueTimers({ workerId: "w2", leaseMs: LEASE })).toEqual([]);

    // w1 died without firing it: once the lease runs out, another worker takes it over.
    t.clock.advance(1);
    expect(await t.store.timers.claimDueTimers({ workerId: "w2", leaseMs: LEASE })).toMatchObject([{ id, claimedBy: "w2" }]);
    expect(await t.store.timers.markFired(id, "w1")).toBe(false);
    expect(await t.store.timers.markFired(id, "w2")).toBe(true);
    expect(await t.store.timers.markFired(id, "w2")).toBe(false);

    t.clock.advance(LEASE * 10);
    expect(await t.store.timers.claimDueTimers({ workerId: "w3", leaseMs: LEASE })).toEqual([]);
    expect(await t.store.timers.listPending(sessionId)).toEqual([]);
  });

  it("hands each due timer to only one of two connections", async () => {
    for (let i = 0; i < 10; i++) await arm("input_timeout", 0);
    const { store: other, close } = await t.another();
    try {
      const [a, b] = await Promise.all([
        t.store.timers.claimDueTimers({ workerId: "a", leaseMs: LEASE, limit: 6 }),
        other.timers.claimDueTimers({ workerId: "b", leaseMs: LEASE, limit: 6 }),
      ]);
      const ids = [...a, ...b].map((c) => c.id);
      expect(ids).toHaveLength(10);
      expect(new Set(ids).size).toBe(10);
    } finally {
      await close();
    }
  });

  it("two workers on their own connections, claiming at once over many timers, never claim one twice", async () => {
    const TIMERS = 600;
    await armMany(TIMERS);
    const { store: other, close } = await t.another();
    try {
      /** Claims small batches until none is left, firing each; answers what it claimed. */
      const worker = async (timers: TimersRepo, workerId: string) => {
        const claimed: ClaimedTimer[] = [];
        for (;;) {
          const batch = await timers.claimDueTimers({ workerId, leaseMs: LEASE, limit: 7 });
          if (batch.length === 0) return claimed;
          claimed.push(...batch);
          for (const timer of batch) expect(await timers.markFired(timer.id, workerId)).toBe(true);
        }
      };
      const [a, b] = await Promise.all([worker(t.store.timers, "a"), worker(other.timers, "b")]);
      const ids = [...a, ...b].map((timer) => timer.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(TIMERS);
      expect(a.length).toBeGreaterThan(0);
      expect(b.length).toBeGreaterThan(0);
      expect(await t.store.timers.nextDueAt()).toBeUndefined();
    } finally {
      await close();
    }
  });

  it("a worker that dies mid-lease: another claims its timers once the lease expires, and only the new holder's fire counts", async () => {
    await armMany(20);
    const dying = await t.another();
    const claimedByDead = await dying.store.timers.claimDueTimers({ workerId: "dead", leaseMs: LEASE, limit: 12 });
    expect(claimedByDead).toHaveLength(12);
    await dying.close(); // the worker's process is gone, its leases stay in the table

    t.clock.advance(LEASE / 2);
    const survivor = await t.store.timers.claimDueTimers({ workerId: "alive", leaseMs: LEASE });
    expect(survivor).toHaveLength(8);
    t.clock.advance(LEASE / 2 - 1);
    expect(await t.store.timers.claimDueTimers({ workerId: "alive", leaseMs: LEASE })).toEqual([]);
    t.clock.advance(1);
    const takenOver = await t.store.timers.claimDueTimers({ workerId: "alive", leaseMs: LEASE });
    expect(takenOver.map((timer) => timer.id).sort()).toEqual(claimedByDead.map((timer) => timer.id).sort());
    expect(takenOver.every((timer) => timer.claimedBy === "alive" && timer.claimedUntil === t.clock.time + LEASE)).toBe(true);

    // The dead worker's late markFired (a worker that was only paused) changes nothing.
    const late = await t.another();
    try {
      for (const timer of claimedByDead) expect(await late.store.timers.markFired(timer.id, "dead")).toBe(false);
    } finally {
      await late.close();
    }
    for (const timer of [...survivor, ...takenOver]) expect(await t.store.timers.markFired(timer.id, "alive")).toBe(true);
    for (const timer of takenOver) expect(await t.store.timers.markFired(timer.id, "alive")).toBe(false);
    t.clock.advance(LEASE * 10);
    expect(await t.store.timers.claimDueTimers({ workerId: "later", leaseMs: LEASE })).toEqual([]);
  });

  it("cancels a session's timers, all or of one kind", async () => {
    await arm("input_timeout", 100);
    await arm("http_timeout", 100);
    await arm("http_timeout", 200);
    expect(await t.store.timers.cancelTimers(sessionId, "http_timeout")).toBe(2);
    expect((await t.store.timers.listPending(sessionId)).map((p) => p.kind)).toEqual(["input_timeout"]);
    expect(await t.store.timers.cancelTimers(sessionId)).toBe(1);
    t.clock.advance(1_000);
    expect(await t.store.timers.claimDueTimers({ workerId: "w1", leaseMs: LEASE })).toEqual([]);
  });

  it("tells when the next timer is due", async () => {
    expect(await t.store.timers.nextDueAt()).toBeUndefined();
    await arm("input_timeout", 500);
    await arm("input_timeout", 200);
    expect(await t.store.timers.nextDueAt()).toBe(t.clock.time + 200);
  });

  it("survives a restart: an armed timer is still there after close and reopen", async () => {
    const id = await arm("input_timeout", 8_000, { retry: 1 });
    const store = await t.reopen();
    t.clock.advance(8_000);
    expect(await store.timers.claimDueTimers({ workerId: "after-restart", leaseMs: LEASE })).toMatchObject([{ id, payload: { retry: 1 } }]);
  });
});
