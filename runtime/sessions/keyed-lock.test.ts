import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { KeyedLock } from "./keyed-lock";

describe("KeyedLock", () => {
  it("runs tasks of one key one at a time, in call order, and other keys alongside", async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const task = (key: string, id: number, ms: number) =>
      lock.run(key, async () => {
        log.push(`${key}${id}+`);
        await sleep(ms);
        log.push(`${key}${id}-`);
        return id;
      });
    const results = await Promise.all([task("a", 1, 20), task("a", 2, 1), task("b", 1, 5), task("a", 3, 1)]);
    expect(results).toEqual([1, 2, 1, 3]);
    const a = log.filter((entry) => entry.startsWith("a"));
    expect(a).toEqual(["a1+", "a1-", "a2+", "a2-", "a3+", "a3-"]);
    expect(log.indexOf("b1-")).toBeLessThan(log.indexOf("a1-"));
  });

  it("releases after a failure and forgets idle keys", async () => {
    const lock = new KeyedLock();
    const failed = lock.run("k", () => Promise.reject(new Error("boom")));
    const next = lock.run("k", () => Promise.resolve("ok"));
    expect(lock.size).toBe(1);
    await expect(failed).rejects.toThrow("boom");
    await expect(next).resolves.toBe("ok");
    await sleep(0);
    expect(lock.size).toBe(0);
  });
});
