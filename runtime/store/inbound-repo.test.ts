import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestStore, type TestStore } from "./test-support/test-store";

let t: TestStore;
beforeEach(() => {
  t = openTestStore("inbound");
});
afterEach(() => t.dispose());

const event = { channelType: "telegram", channelId: "tg-1", providerEventId: "update-42", payload: '{"update_id":42}' };

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
    const stored = t.store.database.sqlite.prepare("select count(*) from inbound_events").pluck().get();
    expect(stored).toBe(1);
  });

  it("prunes events received before a cutoff, in batches, oldest first; newer ones stay and are still recognised", async () => {
    for (let n = 0; n < 7; n += 1) {
      await t.store.inbound.recordInbound({ ...event, providerEventId: `old-${n}` });
      t.clock.advance(1_000);
    }
    const cutoff = t.clock.time;
    await t.store.inbound.recordInbound({ ...event, providerEventId: "new-1" });
    expect(await t.store.inbound.pruneBefore(cutoff, 3)).toBe(7);
    const left = t.store.database.sqlite.prepare("select provider_event_id from inbound_events").pluck().all();
    expect(left).toEqual(["new-1"]);
    expect((await t.store.inbound.recordInbound({ ...event, providerEventId: "new-1" })).inserted).toBe(false);
    expect(await t.store.inbound.pruneBefore(cutoff, 3)).toBe(0);
  });

  it("treats the same provider id on another channel as another event", async () => {
    expect((await t.store.inbound.recordInbound(event)).inserted).toBe(true);
    expect((await t.store.inbound.recordInbound({ ...event, channelId: "tg-2" })).inserted).toBe(true);
  });

  it("remembers events across close and reopen", async () => {
    await t.store.inbound.recordInbound(event);
    const store = t.reopen();
    expect((await store.inbound.recordInbound(event)).inserted).toBe(false);
  });
});
