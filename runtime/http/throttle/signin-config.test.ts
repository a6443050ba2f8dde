import { describe, expect, it } from "vitest";
import { configFromEnv } from "../../config";
import { passwordWorkLimits } from "../../store/password";
import { DEFAULT_SIGNIN_LIMITS } from "./signin-limits";

const base = { DATA_DIR: "/tmp/sb" };

describe("sign-in limits, password work and app origins from the environment", () => {
  it("defaults: 5 failures per account, 20 per address in an hour, then 1 s doubling up to 15 min, refusals held 250 ms; hashing from the cores; no extra origins", () => {
    const config = configFromEnv(base);
    expect(config.signinLimits).toEqual({ failuresPerAccount: 5, failuresPerAddress: 20, windowMs: 3_600_000, delayMs: 1_000, maxDelayMs: 900_000, refusalHoldMs: 250, trustProxy: 0 });
    expect(config.signinLimits).toEqual(DEFAULT_SIGNIN_LIMITS);
    expect(config.passwordWork).toEqual(passwordWorkLimits());
    expect(config.allowedAppOrigins).toEqual([]);
  });

  it("takes overrides, and TRUST_PROXY for the address", () => {
    const config = configFromEnv({
      ...base,
      SIGNIN_FAILURES_PER_ACCOUNT: "0",
      SIGNIN_FAILURES_PER_ADDRESS: "50",
      SIGNIN_WINDOW_SECONDS: "600",
      SIGNIN_DELAY_SECONDS: "0.5",
      SIGNIN_MAX_DELAY_SECONDS: "60",
      SIGNIN_REFUSAL_HOLD_MS: "0",
      TRUST_PROXY: "1",
      PASSWORD_HASH_CONCURRENCY: "2",
      PASSWORD_HASH_QUEUE: "0",
      ALLOWED_APP_ORIGINS: "http://localhost:5173, https://console.acme.example/",
    });
    expect(config.signinLimits).toEqual({ failuresPerAccount: 0, failuresPerAddress: 50, windowMs: 600_000, delayMs: 500, maxDelayMs: 60_000, refusalHoldMs: 0, trustProxy: 1 });
    expect(config.passwordWork).toEqual({ concurrency: 2, queue: 0 });
    expect(config.allowedAppOrigins).toEqual(["http://localhost:5173", "https://console.acme.example"]);
  });

  it("refuses bad values, naming the variable", () => {
    expect(() => configFromEnv({ ...base, ALLOWED_APP_ORIGINS: "https://acme.example/app" })).toThrow(/ALLOWED_APP_ORIGINS: each must be an origin/);
    expect(() => configFromEnv({ ...base, ALLOWED_APP_ORIGINS: "acme.example" })).toThrow(/ALLOWED_APP_ORIGINS/);
    expect(() => configFromEnv({ ...base, PASSWORD_HASH_CONCURRENCY: "0" })).toThrow(/PASSWORD_HASH_CONCURRENCY/);
    expect(() => configFromEnv({ ...base, SIGNIN_DELAY_SECONDS: "10", SIGNIN_MAX_DELAY_SECONDS: "5" })).toThrow(/SIGNIN_MAX_DELAY_SECONDS: must be at least SIGNIN_DELAY_SECONDS/);
  });
});
