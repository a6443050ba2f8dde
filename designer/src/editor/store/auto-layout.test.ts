import { describe, expect, it } from "vitest";
import { autoLayout } from "./auto-layout";
import { HandleMemory } from "./node-outputs";
import { smallFlow } from "./test-fixtures";

describe("autoLayout", () => {
  it("lays the flow out top to bottom, with a menu's branches in option order", async () => {
    const positions = await autoLayout(smallFlow(), {}, new HandleMemory());
    const at = (id: string) => positions.get(id) ?? { x: Number.NaN, y: Number.NaN };
    expect(at("welcome").y).toBeLessThan(at("menu").y);
    expect(at("menu").y).toBeLessThan(at("sales").y);
    // option:1 → sales, option:2 → goodbye: left to right.
    expect(at("sales").x).toBeLessThan(at("goodbye").x);
  });

  it("follows the handles, not the order of the nodes", async () => {
    const doc = smallFlow();
    const swapped = {
      ...doc,
      edges: doc.edges.map((edge) =>
        edge.sourceHandle === "option:1" ? { ...edge, target: "goodbye" } : edge.sourceHandle === "option:2" ? { ...edge, target: "sales" } : edge,
      ),
    };
    const positions = await autoLayout(swapped, {}, new HandleMemory());
    expect(positions.get("goodbye")?.x ?? 0).toBeLessThan(positions.get("sales")?.x ?? 0);
  });
});
