import { describe, expect, it } from "vitest";
import { CURRENT_SCHEMA_VERSION } from "../document";
import { migrations } from "./migrations";

describe("migrations", () => {
  it("form one chain, one version at a time, that ends at the current schemaVersion", () => {
    migrations.forEach((step, index) => {
      expect(step.to).toBe(step.from + 1);
      expect(step.from).toBe(migrations[0] === undefined ? step.from : migrations[0].from + index);
    });
    const last = migrations[migrations.length - 1];
    expect(last === undefined ? CURRENT_SCHEMA_VERSION : last.to).toBe(CURRENT_SCHEMA_VERSION);
    if (migrations[0] !== undefined) expect(migrations[0].from).toBe(1);
  });
});
