import { describe, expect, it } from "vitest";
import { freeSpot } from "./placement";

describe("freeSpot", () => {
  const size = { width: 200, height: 100 };

  it("centres the node on the point when it is free", () => {
    expect(freeSpot({ x: 100, y: 50 }, size, [])).toEqual({ x: 0, y: 0 });
  });

  it("moves to the nearest spot that overlaps nothing", () => {
    const taken = [{ x: 0, y: 0, width: 200, height: 100 }];
    const spot = freeSpot({ x: 100, y: 50 }, size, taken);
    const overlaps = spot.x < 224 && spot.x + 224 > 0 && spot.y < 124 && spot.y + 124 > 0;
    expect(overlaps).toBe(false);
    expect(Math.hypot(spot.x, spot.y)).toBeLessThanOrEqual(240);
  });
});
