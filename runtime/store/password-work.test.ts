import { describe, expect, it } from "vitest";
import { PasswordWork, PasswordWorkBusy, passwordWorkLimits } from "./password";

/** A unit of work that ends when `finish()` is called, recording how many ran at once. */
function gate(track: { running: number; most: number }) {
  let finish = () => undefined as void;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const work = async () => {
    track.running += 1;
    track.most = Math.max(track.most, track.running);
    await done;
    track.running -= 1;
    return "hashed";
  };
  return { work, finish: () => finish() };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("PasswordWork (bounded password hashing)", () => {
  it("runs at most `concurrency` at once, queues `queue`, and refuses the next at once with a retry estimate", async () => {
    const pool = new PasswordWork({ concurrency: 2, queue: 1 });
    const track = { running: 0, most: 0 };
    const gates = Array.from({ length: 4 }, () => gate(track));
    const [a, b, c, d] = gates.map((g) => pool.run(g.work).then((value) => value, (error: unknown) => error));
    await settle();
    expect(track.running).toBe(2);
    const refused = await d;
    expect(refused).toBeInstanceOf(PasswordWorkBusy);
    expect(refused instanceof PasswordWorkBusy && refused.retryAfterMs > 0).toBe(true);

    gates[0]?.finish();
    expect(await a).toBe("hashed");
    await settle();
    expect(track.running).toBe(2); // the queued one took the turn
    for (const g of gates) g.finish();
    expect(await Promise.all([b, c])).toEqual(["hashed", "hashed"]);
    expect(track.most).toBe(2);
    // With everything done, the whole capacity is free again.
    const again = Array.from({ length: 3 }, () => gate(track));
    const runs = again.map((g) => pool.run(g.work));
    for (const g of again) g.finish();
    expect(await Promise.all(runs)).toEqual(["hashed", "hashed", "hashed"]);
  });

  it("a failed hash frees its turn", async () => {
    const pool = new PasswordWork({ concurrency: 1, queue: 0 });
    await expect(pool.run(() => Promise.reject(new Error("scrypt failed")))).rejects.toThrow("scrypt failed");
    expect(await pool.run(() => Promise.resolve(1))).toBe(1);
  });

  it("defaults: one fewer than the cores, at least 1, at most 3; four rounds queued", () => {
    expect([1, 2, 3, 4, 16].map((cores) => passwordWorkLimits({}, cores).concurrency)).toEqual([1, 1, 2, 3, 3]);
    expect(passwordWorkLimits({}, 4).queue).toBe(12);
    expect(passwordWorkLimits({ concurrency: 5 }, 4)).toEqual({ concurrency: 5, queue: 20 });
    expect(passwordWorkLimits({ queue: 0 }, 2)).toEqual({ concurrency: 1, queue: 0 });
  });
});
