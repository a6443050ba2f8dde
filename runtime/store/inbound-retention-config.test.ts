import { describe, expect, it } from "vitest";
import { configFromEnv } from "../config";

/** The retention's setting (the pruning itself: inbound-retention.test.ts, on both databases). */
describe("inbound log retention", () => {
  it("INBOUND_RETENTION_DAYS: 30 by default, 0 to keep everything, never under WhatsApp's 7 days of retries", () => {
    expect(configFromEnv({ DATA_DIR: "/tmp/sb" }).inboundRetentionDays).toBe(30);
    expect(configFromEnv({ DATA_DIR: "/tmp/sb", INBOUND_RETENTION_DAYS: "0" }).inboundRetentionDays).toBe(0);
    expect(configFromEnv({ DATA_DIR: "/tmp/sb", INBOUND_RETENTION_DAYS: "90" }).inboundRetentionDays).toBe(90);
    expect(configFromEnv({ DATA_DIR: "/tmp/sb", INBOUND_RETENTION_DAYS: "" }).inboundRetentionDays).toBe(30);
    expect(() => configFromEnv({ DATA_DIR: "/tmp/sb", INBOUND_RETENTION_DAYS: "3" })).toThrow(/^configuration: INBOUND_RETENTION_DAYS: at least 7/);
    expect(() => configFromEnv({ DATA_DIR: "/tmp/sb", INBOUND_RETENTION_DAYS: "soon" })).toThrow(/^configuration: INBOUND_RETENTION_DAYS:/);
  });
});
