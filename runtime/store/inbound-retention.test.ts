import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configFromEnv } from "../config";
import { pollUntil } from "../test-support/api-client";
import { pruneInboundOnTimer } from "./inbound-retention";
import { openTestStore, type TestStore } from "./test-support/test-store";

const DAY_MS = 24 * 60 * 60 * 1_000;
let t: TestStore;
beforeEach(() => {
  t = openTestStore("inbound-retention");
});
afterEach(() => t.dispose());

const count = () => Number(t.store.database.sqlite.prepare("select count(*) from inbound_events").pluck().get());

describe("inbound log retention", () => {
  it("deletes events older than the retention on a timer, and logs how many", async () => {
    await t.store.inbound.recordInbound({ channelType: "telegram", channelId: "tg-1", providerEventId: "old", payload: "{}" });
    t.clock.advance(31 * DAY_MS);
    await t.store.inbound.recordInbound({ channelType: "telegram", channelId: "tg-1", providerEventId: "recent", payload: "{}" });
    const lines: string[] = [];
    const stop = pruneInboundOnTimer(t.store.inbound, { days: 30, now: () => t.clock.time, log: (line) => lines.push(line), firstAfterMs: 5, intervalMs: 20 });
    try {
      await pollUntil(async () => (count() === 1 ? true : undefined), 2_000, () => "the old event pruned");
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
    expect(count()).toBe(1);
  });

  it("INBOUND_RETENTION_DAYS: 30 by default, 0 to keep everything, never under WhatsApp's 7 days of retries", () => {
    expect(configFromEnv({ DATA_DIR: "/tmp/sb" }).inboundRetentionDays).toBe(30);
    expect(configFromEnv({ DATA_DIR: "/tmp/sb", INBOUND_RETENTION_DAYS: "0" }).inboundRetentionDays).toBe(0);
    expect(configFromEnv({ DATA_DIR: "/tmp/sb", INBOUND_RETENTION_DAYS: "90" }).inboundRetentionDays).toBe(90);
    expect(configFromEnv({ DATA_DIR: "/tmp/sb", INBOUND_RETENTION_DAYS: "" }).inboundRetentionDays).toBe(30);
    expect(() => configFromEnv({ DATA_DIR: "/tmp/sb", INBOUND_RETENTION_DAYS: "3" })).toThrow(/^configuration: INBOUND_RETENTION_DAYS: at least 7/);
    expect(() => configFromEnv({ DATA_DIR: "/tmp/sb", INBOUND_RETENTION_DAYS: "soon" })).toThrow(/^configuration: INBOUND_RETENTION_DAYS:/);
  });
});
