import { describe, expect, it } from "vitest";
import { VariableName } from "../../primitives";
import { toVariableName } from "./variable-name";

describe("toVariableName", () => {
  it("keeps valid names and repairs the others", () => {
    expect(toVariableName("account")).toBe("account");
    expect(toVariableName("account-number")).toBe("account_number");
    expect(toVariableName("1st")).toBe("_1st");
    expect(toVariableName("")).toBe("_");
    expect(toVariableName("x".repeat(80))).toHaveLength(64);
  });

  it("always returns a valid variable name", () => {
    for (const name of ["a b", "ü", "-", "9", "$x.y", " spaced "]) expect(VariableName.safeParse(toVariableName(name)).success).toBe(true);
  });
});
