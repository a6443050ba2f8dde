import { describe, expect, it } from "vitest";
import { Identifier } from "../../primitives";
import { toIdentifier, UniqueIds } from "./unique-ids";

describe("toIdentifier", () => {
  it("keeps valid ids and repairs the others", () => {
    expect(toIdentifier("main_menu-2", "x")).toBe("main_menu-2");
    expect(toIdentifier("Main menu / sales", "x")).toBe("Main-menu-sales");
    expect(toIdentifier("e-menu-option:1", "x")).toBe("e-menu-option-1");
    expect(toIdentifier("!!!", "node-3")).toBe("node-3");
    expect(toIdentifier("n".repeat(100), "x")).toHaveLength(64);
  });
});

describe("UniqueIds", () => {
  it("numbers repeats and stays within 64 characters", () => {
    const ids = new UniqueIds();
    expect(ids.allocate("a b")).toBe("a-b");
    expect(ids.allocate("a-b")).toBe("a-b-2");
    expect(ids.allocate("a/b")).toBe("a-b-3");
    const long = "n".repeat(64);
    expect(ids.allocate(long)).toBe(long);
    const second = ids.allocate(long);
    expect(second).toBe(`${"n".repeat(62)}-2`);
    expect(Identifier.safeParse(second).success).toBe(true);
  });

  it("refuses to reserve an id twice", () => {
    const ids = new UniqueIds();
    expect(ids.reserve("a")).toBe(true);
    expect(ids.reserve("a")).toBe(false);
  });
});
