import { describe, expect, it } from "vitest";
import { labelPosition } from "./labelled-edge";

describe("labelPosition", () => {
  it("puts the label on the segment leaving the handle", () => {
    expect(labelPosition({ x: 0, y: 100 }, { x: 50, y: 300 }, { x: 25, y: 200 })).toEqual({ x: 0, y: 124 });
    expect(labelPosition({ x: 0, y: 100 }, { x: 50, y: 160 }, { x: 25, y: 130 })).toEqual({ x: 0, y: 121 });
    expect(labelPosition({ x: 0, y: 100 }, { x: 400, y: 60 }, { x: 200, y: 80 })).toEqual({ x: 100, y: 120 });
    expect(labelPosition({ x: 0, y: 100 }, { x: 40, y: 60 }, { x: 20, y: 80 })).toEqual({ x: 0, y: 120 });
  });
});
