import { describe, expect, it } from "vitest";
import { Tarpit } from "./tarpit";

describe("Tarpit", () => {
  it("holds an answer for its time, or the refusal's own wait when that is shorter", async () => {
    const tarpit = new Tarpit(200, 10);
    let started = performance.now();
    await tarpit.hold();
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    started = performance.now();
    await tarpit.hold(20);
    expect(performance.now() - started).toBeLessThan(190);
  });

  it("holds at most maxHeld at once; the rest go out at once", async () => {
    const tarpit = new Tarpit(300, 3);
    const holds = Array.from({ length: 3 }, () => tarpit.hold());
    expect(tarpit.waiting).toBe(3);
    const started = performance.now();
    await tarpit.hold();
    expect(performance.now() - started).toBeLessThan(100);
    await Promise.all(holds);
    expect(tarpit.waiting).toBe(0);
  });
});
