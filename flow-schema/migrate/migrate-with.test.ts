import { describe, expect, it } from "vitest";
import { MigrationError } from "./migration-error";
import type { MigrationStep } from "./migration-step";
import { migrateWith } from "./migrate-with";
import { whatomateGraph } from "./whatomate/testing";

/** Fake future versions: 2 renames `name` to `title`, 3 adds `tags`. */
const toV2: MigrationStep = {
  from: 1,
  to: 2,
  up: (doc, report) => {
    const { name, ...rest } = doc;
    report({ severity: "warning", message: "name became title", path: "/name" });
    return { ...rest, title: name };
  },
};
const toV3: MigrationStep = { from: 2, to: 3, up: (doc) => ({ ...doc, tags: [] }) };

const v1 = { schemaVersion: 1, id: "f", name: "Flow", entry: "a", nodes: [], edges: [] };

describe("migrateWith", () => {
  it("applies the steps in order up to the target version", () => {
    const result = migrateWith([toV3, toV2], v1, { targetVersion: 3 });
    expect(result).toEqual({
      document: { schemaVersion: 3, id: "f", title: "Flow", entry: "a", nodes: [], edges: [], tags: [] },
      from: "switchboard-v1",
      changed: true,
      issues: [{ severity: "warning", message: "name became title", path: "/name" }],
    });
  });

  it("starts from the document's own version", () => {
    const result = migrateWith([toV2, toV3], { ...v1, schemaVersion: 2 }, { targetVersion: 3 });
    expect(result).toMatchObject({ from: "switchboard-v2", changed: true, document: { schemaVersion: 3, name: "Flow", tags: [] } });
  });

  it("ends the issues with a note for each pattern the engine cannot run in the upgraded document", () => {
    const node = { id: "pin", type: "gather", position: { x: 0, y: 0 }, data: { prompt: { text: "PIN?" }, storeAs: "pin", pattern: "(?<=1)2" } };
    const result = migrateWith([toV2], { ...v1, entry: "pin", nodes: [node] }, { targetVersion: 2 });
    expect(result.issues).toEqual([
      { severity: "warning", message: "name became title", path: "/name" },
      { severity: "error", nodeId: "pin", path: "/nodes/0/data/pattern", message: expect.stringContaining("lookbehind (?<=…) is not supported") },
    ]);
  });

  it("does not touch the caller's document", () => {
    const input = structuredClone(v1);
    migrateWith([{ from: 1, to: 2, up: (doc) => Object.assign(doc, { name: "changed" }) }], input, { targetVersion: 2 });
    expect(input).toEqual(v1);
  });

  it("upgrades an imported Whatomate graph from version 1 too", () => {
    const result = migrateWith([toV2], whatomateGraph([{ id: "bye", type: "hangup" }]), { targetVersion: 2 });
    expect(result).toMatchObject({ from: "whatomate-v2", changed: true, document: { schemaVersion: 2, title: "Imported Whatomate flow" } });
  });

  it("fails clearly when no step leads on, or a step skips a version", () => {
    expect(() => migrateWith([toV3], v1, { targetVersion: 3 })).toThrow(MigrationError);
    expect(() => migrateWith([toV3], v1, { targetVersion: 3 })).toThrow(/schemaVersion 1 cannot be upgraded/);
    expect(() => migrateWith([{ from: 1, to: 3, up: (doc) => doc }], v1, { targetVersion: 3 })).toThrow(/must lead to the next version, 2/);
  });
});
