import { describe, expect, it } from "vitest";
import { orderedId } from "./ordered-id";

describe("orderedId", () => {
  it("is a UUIDv7 that sorts by time", () => {
    const ids = [1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000].map((at) => orderedId(at));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]?.slice(0, 13)).toBe("018bcfe5-6800");
  });

  it("does not repeat within a millisecond", () => {
    const ids = new Set(Array.from({ length: 1000 }, () => orderedId(1_700_000_000_000)));
    expect(ids.size).toBe(1000);
  });
});
