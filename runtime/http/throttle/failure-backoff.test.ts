import { describe, expect, it } from "vitest";
import { FailureBackoff } from "./failure-backoff";

const policy = { freeFailures: 3, windowMs: 60_000, delayMs: 1_000, maxDelayMs: 8_000 };

/** An attempt at `now` that fails right away; what `attempt` answered. */
function fail(backoff: FailureBackoff, key: string, now: number) {
  const admitted = backoff.attempt(key, now);
  if (admitted.ok) backoff.failed(key, now);
  return admitted;
}

describe("FailureBackoff", () => {
  it("lets the free failures through, then waits the delay after the last failure, doubling up to the longest", () => {
    const backoff = new FailureBackoff(policy);
    expect([0, 10, 20].map((at) => fail(backoff, "ana", at).ok)).toEqual([true, true, true]);
    expect(backoff.attempt("ana", 30)).toEqual({ ok: false, retryAfterMs: 990 });
    expect(fail(backoff, "ana", 1_020)).toEqual({ ok: true });
    expect(backoff.attempt("ana", 1_020)).toEqual({ ok: false, retryAfterMs: 2_000 });
    expect(fail(backoff, "ana", 3_020)).toEqual({ ok: true });
    expect(backoff.attempt("ana", 3_020)).toEqual({ ok: false, retryAfterMs: 4_000 });
    expect(fail(backoff, "ana", 7_020)).toEqual({ ok: true });
    expect(backoff.attempt("ana", 7_020)).toEqual({ ok: false, retryAfterMs: 8_000 });
    expect(fail(backoff, "ana", 15_020)).toEqual({ ok: true });
    expect(backoff.attempt("ana", 15_020)).toEqual({ ok: false, retryAfterMs: 8_000 });
    // Other keys are counted apart.
    expect(backoff.attempt("bob", 15_020)).toEqual({ ok: true });
  });

  it("refuses parallel attempts beyond the free ones at once, while those are still being checked", () => {
    const backoff = new FailureBackoff(policy);
    const answers = Array.from({ length: 10 }, () => backoff.attempt("ana", 0));
    expect(answers.filter((answer) => answer.ok)).toHaveLength(3);
    expect(answers.slice(3).every((answer) => !answer.ok && answer.retryAfterMs > 0)).toBe(true);
    for (let n = 0; n < 3; n += 1) backoff.failed("ana", 500);
    expect(backoff.attempt("ana", 600)).toEqual({ ok: false, retryAfterMs: 900 });
  });

  it("does not count attempts that are forgiven (a success from a shared address, or never checked)", () => {
    const backoff = new FailureBackoff(policy);
    for (let n = 0; n < 10; n += 1) {
      expect(backoff.attempt("office", n).ok).toBe(true);
      backoff.forgive("office");
    }
    expect(fail(backoff, "office", 20).ok).toBe(true);
  });

  it("reset forgets every failure; failures older than the window are forgotten too", () => {
    const backoff = new FailureBackoff(policy);
    for (const at of [0, 1, 2]) fail(backoff, "ana", at);
    expect(backoff.attempt("ana", 3).ok).toBe(false);
    backoff.reset("ana");
    expect(fail(backoff, "ana", 4).ok).toBe(true);
    for (const at of [0, 1, 2]) fail(backoff, "bob", at);
    expect(backoff.attempt("bob", 59_999).ok).toBe(true);
    backoff.forgive("bob");
    // A minute later all three have left the window: three free failures again.
    expect([60_003, 60_004, 60_005].map((at) => fail(backoff, "bob", at).ok)).toEqual([true, true, true]);
  });

  it("keeps memory bounded: at most maxKeys keys, and idle ones swept", () => {
    const backoff = new FailureBackoff(policy, 100);
    for (let n = 0; n < 1_000; n += 1) fail(backoff, `key-${n}`, n);
    expect(backoff.size).toBe(100);
    // The most recent keys are kept.
    expect(backoff.attempt("key-999", 1_000)).toEqual({ ok: true });
    backoff.forgive("key-999");
    fail(backoff, "late", 200_000);
    expect(backoff.size).toBe(1);
  });

  it("a free count of 0 is no limit", () => {
    const backoff = new FailureBackoff({ ...policy, freeFailures: 0 });
    for (let n = 0; n < 100; n += 1) expect(fail(backoff, "ana", n).ok).toBe(true);
    expect(backoff.size).toBe(0);
  });
});
