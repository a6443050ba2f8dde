import { describe, expect, it } from "vitest";
import { configFromEnv } from "../../config";
import { DEFAULT_WEBCHAT_LIMITS } from "./webchat-limits";

describe("web chat limits from the environment", () => {
  it("defaults to 20 new visitors per address in 10 minutes (loopback not counted), 30 messages per socket in 10 s, no trusted proxy", () => {
    expect(configFromEnv({ DATA_DIR: "/tmp/sb" }).webchatLimits).toEqual({
      newVisitorsPerIp: 20,
      newVisitorsWindowMs: 600_000,
      messagesPerSocket: 30,
      messagesWindowMs: 10_000,
      trustProxy: 0,
      limitLoopback: false,
    });
    expect(DEFAULT_WEBCHAT_LIMITS).toEqual(configFromEnv({ DATA_DIR: "/tmp/sb" }).webchatLimits);
  });

  it("takes overrides (fractional windows, 0 for off, TRUST_PROXY as a count or a flag)", () => {
    const limits = configFromEnv({
      DATA_DIR: "/tmp/sb",
      WEBCHAT_NEW_VISITORS_PER_IP: "0",
      WEBCHAT_NEW_VISITORS_WINDOW_SECONDS: "60",
      WEBCHAT_MESSAGES_PER_SOCKET: "3",
      WEBCHAT_MESSAGES_WINDOW_SECONDS: "0.5",
      TRUST_PROXY: "2",
      WEBCHAT_LIMIT_LOOPBACK: "1",
    }).webchatLimits;
    expect(limits).toEqual({ newVisitorsPerIp: 0, newVisitorsWindowMs: 60_000, messagesPerSocket: 3, messagesWindowMs: 500, trustProxy: 2, limitLoopback: true });
    expect(configFromEnv({ DATA_DIR: "/tmp/sb", TRUST_PROXY: "true" }).webchatLimits.trustProxy).toBe(1);
    expect(configFromEnv({ DATA_DIR: "/tmp/sb", TRUST_PROXY: "false" }).webchatLimits.trustProxy).toBe(0);
    // An empty variable is unset: the default, not 0 (which would turn the limit off).
    expect(configFromEnv({ DATA_DIR: "/tmp/sb", WEBCHAT_NEW_VISITORS_PER_IP: "", WEBCHAT_MESSAGES_WINDOW_SECONDS: " ", TRUST_PROXY: "" }).webchatLimits).toEqual(DEFAULT_WEBCHAT_LIMITS);
  });

  it("refuses nonsense, naming the variable", () => {
    expect(() => configFromEnv({ WEBCHAT_NEW_VISITORS_PER_IP: "-1" })).toThrow(/^configuration: WEBCHAT_NEW_VISITORS_PER_IP:/);
    expect(() => configFromEnv({ WEBCHAT_MESSAGES_WINDOW_SECONDS: "0" })).toThrow(/^configuration: WEBCHAT_MESSAGES_WINDOW_SECONDS:/);
    expect(() => configFromEnv({ WEBCHAT_MESSAGES_PER_SOCKET: "lots" })).toThrow(/^configuration: WEBCHAT_MESSAGES_PER_SOCKET:/);
    expect(() => configFromEnv({ TRUST_PROXY: "yes" })).toThrow(/^configuration: TRUST_PROXY:/);
    expect(() => configFromEnv({ WEBCHAT_LIMIT_LOOPBACK: "sometimes" })).toThrow(/^configuration: WEBCHAT_LIMIT_LOOPBACK:/);
  });
});
