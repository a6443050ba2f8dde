import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "./open-store";
import { sampleFlow } from "./test-support/sample-flow";
import { openTestStore, type TestStore } from "./test-support/test-store";

const LEASE = 30_000;
let t: TestStore;
let sessionId: string;

beforeEach(async () => {
  t = openTestStore("timers");
  await t.store.flows.createFlow(sampleFlow("support"), "u1");
  sessionId = (await t.store.sessions.createSession({ flowId: "support", version: null, channelType: "simulator", state: {} })).id;
});
afterEach(() => t.dispose());

function arm(kind: string, inMs: number, payload?: unknown) {
  return t.store.timers.armTimer({ sessionId, sessionRev: 1, kind, dueAt: t.clock.time + inMs, payload });
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
    const other = openStore({ dataDir: t.dir, now: t.clock.now });
    try {
      const [a, b] = await Promise.all([
        t.store.timers.claimDueTimers({ workerId: "a", leaseMs: LEASE, limit: 6 }),
        other.timers.claimDueTimers({ workerId: "b", leaseMs: LEASE, limit: 6 }),
      ]);
      const ids = [...a, ...b].map((c) => c.id);
      expect(ids).toHaveLength(10);
      expect(new Set(ids).size).toBe(10);
    } finally {
      other.close();
    }
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
    const store = t.reopen();
    t.clock.advance(8_000);
    expect(await store.timers.claimDueTimers({ workerId: "after-restart", leaseMs: LEASE })).toMatchObject([{ id, payload: { retry: 1 } }]);
  });
});
