import { describe, expect, it } from "vitest";
import { CURRENT_SCHEMA_VERSION } from "../document";
import { validate } from "../validate/validate";
import { migrate } from "./migrate";
import { MigrationError } from "./migration-error";
import { studioFlow } from "./studio/testing";
import { whatomateGraph } from "./whatomate/testing";

const v1 = {
  schemaVersion: 1,
  id: "support-line",
  name: "Support line",
  entry: "bye",
  nodes: [{ id: "bye", type: "hangup", position: { x: 0, y: 0 }, data: {} }],
  edges: [],
};

describe("migrate", () => {
  it("returns a current document unchanged", () => {
    const result = migrate(v1);
    expect(result).toEqual({ document: v1, from: "switchboard-v1", changed: false, issues: [] });
    expect(result.document).toBe(v1);
  });

  it("imports a Whatomate graph, with the caller's id and name", () => {
    const graph = whatomateGraph([{ id: "hi", type: "greeting", config: { text: "Hi", mood: "cheerful" } }, { id: "bye", type: "hangup" }], [["hi", "bye"]]);
    const result = migrate(graph, { id: "legacy", name: "Legacy line" });
    expect(result).toMatchObject({ from: "whatomate-v2", changed: true, document: { schemaVersion: CURRENT_SCHEMA_VERSION, id: "legacy", name: "Legacy line" } });
    expect(result.issues).toEqual([expect.objectContaining({ path: "/nodes/0/config/mood" })]);
    expect(validate(result.document)).toEqual([]);
  });

  it("imports a Twilio Studio flow (states, initial_state), with the caller's id and name", () => {
    const flow = studioFlow([{ name: "hello", type: "say-play", properties: { say: "Hi", flavour: "mint" } }]);
    const result = migrate(flow, { id: "studio-line", name: "Studio line" });
    expect(result).toMatchObject({ from: "twilio-studio", changed: true, document: { schemaVersion: CURRENT_SCHEMA_VERSION, id: "studio-line", name: "Studio line", entry: "hello" } });
    expect(result.issues.map((issue) => issue.path)).toEqual(["/states/1/type", "/states/1/properties/flavour"]);
    expect(validate(result.document)).toEqual([]);
  });

  it("names the fields of the three formats it reads when it reads none of them", () => {
    expect(() => migrate({ steps: [] })).toThrow(/Twilio Studio flow \(states, initial_state\)/);
  });

  it("notes each pattern the linear-time engine cannot run, naming the node, the pointer and the construct", () => {
    const position = { x: 0, y: 0 };
    const legacy = {
      ...v1,
      entry: "pin",
      nodes: [
        { id: "pin", type: "gather", position, data: { prompt: { text: "PIN?" }, storeAs: "pin", pattern: "^(?!0000)\\d{4}$" } },
        {
          id: "route",
          type: "condition",
          position,
          data: {
            rules: [
              { id: "twice", left: "{{vars.pin}}", operator: "matches", right: "(\\d)\\1" },
              { id: "ok", left: "{{vars.pin}}", operator: "matches", right: "^1" },
              { id: "same", left: "{{vars.pin}}", operator: "equals", right: "(?=x)" },
            ],
          },
        },
        ...v1.nodes,
      ],
    };
    const result = migrate(legacy);
    expect(result).toMatchObject({ document: legacy, changed: false });
    expect(result.issues).toEqual([
      {
        severity: "error",
        nodeId: "pin",
        path: "/nodes/0/data/pattern",
        message: expect.stringMatching(/^node "pin", \/nodes\/0\/data\/pattern: \/\^\(\?!0000\)\\d\{4\}\$\/ cannot run: negative lookahead \(\?!…\) is not supported/),
      },
      {
        severity: "error",
        nodeId: "route",
        path: "/nodes/1/data/rules/0/right",
        message: expect.stringContaining("backreference \\1 is not supported"),
      },
    ]);
  });

  it("refuses a document newer than this Switchboard", () => {
    expect(() => migrate({ ...v1, schemaVersion: 2 })).toThrow(MigrationError);
    expect(() => migrate({ ...v1, schemaVersion: 2 })).toThrow(/schemaVersion 2 is newer/);
  });

  it("refuses what it does not recognise, naming the field", () => {
    expect(() => migrate("flow")).toThrow(/JSON object/);
    expect(() => migrate({ ...v1, schemaVersion: "1" })).toThrow(/schemaVersion: expected a whole number/);
    expect(() => migrate({ ...v1, schemaVersion: 0 })).toThrow(/schemaVersion/);
    expect(() => migrate({ nodes: [] })).toThrow(/schemaVersion: missing/);
    expect(() => migrate({ version: 1, entry_node: "a", nodes: [] })).toThrow(/version: expected 2/);
    expect(() => migrate({ version: 2, entry_node: "a", nodes: {} })).toThrow(/^nodes:/);
  });
});
