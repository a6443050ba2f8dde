import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { changes } from "#store-dialect";
import { sessions } from "../../drizzle/schema";
import type { RecordInboundResult } from "./inbound-repo";
import { sampleFlow } from "./test-support/sample-flow";
import { openTestRepos, type TestRepos } from "./test-support/test-repos";

let t: TestRepos;
beforeEach(async () => {
  t = await openTestRepos("inbound");
});
afterEach(() => t.dispose());

const event = { channelType: "telegram", channelId: "tg-1", providerEventId: "update-42", payload: '{"update_id":42}' };

/** A session on a published flow (the sessions repository is not yet written for both databases: its row, as it writes one). */
async function session(): Promise<string> {
  if ((await t.store.flows.getFlowHead("support")) === undefined) {
    await t.store.flows.createFlow(sampleFlow("support"), "u1");
    await t.store.flows.publish("support", { author: "u1" });
  }
  const id = randomUUID();
  const at = t.clock.time;
  await changes(t.db.insert(sessions).values({ id, flowId: "support", version: 1, source: "published", channelType: "telegram", contact: "42", status: "active", state: "{}", startedAt: at, updatedAt: at }));
  return id;
}

describe("InboundRepo", () => {
  it("records a new event, then recognises the retry and returns the stored response", async () => {
    const first = await t.store.inbound.recordInbound(event);
    expect(first.inserted).toBe(true);
    if (!first.inserted) return;

    const inFlight = await t.store.inbound.recordInbound(event);
    expect(inFlight).toMatchObject({ inserted: false, existing: { id: first.id, response: null, processedAt: null } });

    t.clock.advance(20);
    expect(await t.store.inbound.setResponse(first.id, "<Response><Say>Hi</Say></Response>", null)).toBe(true);
    const retry = await t.store.inbound.recordInbound({ ...event, payload: "a retried body" });
    expect(retry).toEqual({
      inserted: false,
      existing: { id: first.id, sessionId: null, response: "<Response><Say>Hi</Say></Response>", processedAt: t.clock.time, receivedAt: t.clock.time - 20 },
    });
    expect(await t.store.inbound.count()).toBe(1);
  });

  it("stores the session an event was answered for; sessionOf finds it", async () => {
    const sessionId = await session();
    const first = await t.store.inbound.recordInbound(event);
    if (!first.inserted) throw new Error("the first delivery was not stored");
    expect(await t.store.inbound.sessionOf(event.channelId, event.providerEventId)).toBeUndefined();
    expect(await t.store.inbound.setResponse(first.id, "ok", sessionId)).toBe(true);
    expect(await t.store.inbound.sessionOf(event.channelId, event.providerEventId)).toBe(sessionId);
    expect(await t.store.inbound.setResponse(randomUUID(), "ok")).toBe(false);
  });

  it("prunes events received before a cutoff, in batches, oldest first; newer ones stay and are still recognised", async () => {
    for (let n = 0; n < 7; n += 1) {
      await t.store.inbound.recordInbound({ ...event, providerEventId: `old-${n}` });
      t.clock.advance(1_000);
    }
    const cutoff = t.clock.time;
    await t.store.inbound.recordInbound({ ...event, providerEventId: "new-1" });
    expect(await t.store.inbound.pruneBefore(cutoff, 3)).toBe(7);
    expect(await t.store.inbound.providerEventIds(event.channelId)).toEqual(["new-1"]);
    expect((await t.store.inbound.recordInbound({ ...event, providerEventId: "new-1" })).inserted).toBe(false);
    expect(await t.store.inbound.pruneBefore(cutoff, 3)).toBe(0);
  });

  it("treats the same provider id on another channel as another event", async () => {
    expect((await t.store.inbound.recordInbound(event)).inserted).toBe(true);
    expect((await t.store.inbound.recordInbound({ ...event, channelId: "tg-2" })).inserted).toBe(true);
  });

  it("remembers events across close and reopen", async () => {
    await t.store.inbound.recordInbound(event);
    const store = await t.reopen();
    expect((await store.inbound.recordInbound(event)).inserted).toBe(false);
  });

  it("a retry landing on another instance at the same moment: exactly one stores it, the other sees the first's row, then its answer", async () => {
    const [sessionA, sessionB] = [await session(), await session()];
    const other = await t.another();
    try {
      const events = Array.from({ length: 40 }, (_, n) => ({ ...event, providerEventId: `race-${n}` }));
      const results = await Promise.all(
        events.map((each) => Promise.all([t.store.inbound.recordInbound({ ...each, sessionId: sessionA }), other.store.inbound.recordInbound({ ...each, sessionId: sessionB })])),
      );
      for (const pair of results) {
        const stored = pair.filter((result): result is Extract<RecordInboundResult, { inserted: true }> => result.inserted);
        const duplicates = pair.filter((result): result is Extract<RecordInboundResult, { inserted: false }> => !result.inserted);
        expect(stored).toHaveLength(1);
        expect(duplicates).toHaveLength(1);
        const winner = pair.indexOf(stored[0]!) === 0 ? sessionA : sessionB;
        expect(duplicates[0]!.existing).toMatchObject({ id: stored[0]!.id, sessionId: winner, response: null, processedAt: null });
      }
      expect(await t.store.inbound.count()).toBe(events.length);

      const [first] = results;
      const answered = first!.find((result) => result.inserted);
      if (answered === undefined || !answered.inserted) throw new Error("no delivery of race-0 was stored");
      t.clock.advance(5);
      expect(await t.store.inbound.setResponse(answered.id, "<Response/>")).toBe(true);
      const retries = await Promise.all([other.store.inbound.recordInbound(events[0]!), t.store.inbound.recordInbound(events[0]!)]);
      for (const retry of retries) expect(retry).toMatchObject({ inserted: false, existing: { id: answered.id, response: "<Response/>", processedAt: t.clock.time } });
    } finally {
      await other.close();
    }
  });
});
