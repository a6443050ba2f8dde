import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { pruneInboundOnTimer } from "./inbound-retention";
import { openTestRepos, type TestRepos } from "./test-support/test-repos";

const DAY_MS = 24 * 60 * 60 * 1_000;
let t: TestRepos;
beforeEach(async () => {
  t = await openTestRepos("inbound-retention");
});
afterEach(() => t.dispose());

const count = () => t.store.inbound.count();

describe("inbound log retention", () => {
  it("deletes events older than the retention on a timer, and logs how many", async () => {
    await t.store.inbound.recordInbound({ channelType: "telegram", channelId: "tg-1", providerEventId: "old", payload: "{}" });
    t.clock.advance(31 * DAY_MS);
    await t.store.inbound.recordInbound({ channelType: "telegram", channelId: "tg-1", providerEventId: "recent", payload: "{}" });
    const lines: string[] = [];
    const stop = pruneInboundOnTimer(t.store.inbound, { days: 30, now: () => t.clock.time, log: (line) => lines.push(line), firstAfterMs: 5, intervalMs: 20 });
    try {
      await vi.waitFor(async () => expect(await count(), "the old event pruned").toBe(1), { timeout: 2_000, interval: 100 });
      expect(lines).toContain("inbound log: deleted 1 events older than 30 days");
    } finally {
      stop();
    }
  });

  it("keeps every event with 0 days", async () => {
    await t.store.inbound.recordInbound({ channelType: "telegram", channelId: "tg-1", providerEventId: "old", payload: "{}" });
    t.clock.advance(365 * DAY_MS);
    const stop = pruneInboundOnTimer(t.store.inbound, { days: 0, now: () => t.clock.time, firstAfterMs: 1, intervalMs: 5 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    stop();
    expect(await count()).toBe(1);
  });
});
