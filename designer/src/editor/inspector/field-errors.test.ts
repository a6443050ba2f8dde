import { describe, expect, it } from "vitest";
import { FlowDocument, FlowNode } from "../../../../flow-schema/document";
import { MenuKey } from "../../../../flow-schema/nodes/menu";
import { validate } from "../../../../flow-schema/validate/validate";
import { fieldErrors } from "./field-errors";

describe("fieldErrors", () => {
  it("puts each schema issue at its field", () => {
    const node = FlowNode.parse({
      id: "menu",
      type: "menu",
      position: { x: 0, y: 0 },
      data: { prompt: { text: "Hi" }, options: [{ key: "1", label: "Sales" }] },
    });
    if (node.type !== "menu") throw new Error("not a menu");
    const broken = { ...node, data: { ...node.data, prompt: { text: " " }, options: [{ key: MenuKey.parse("1"), label: "" }] } };
    const errors = fieldErrors(broken, []);
    expect(errors.at("prompt", "text")).toEqual(["a prompt needs text or audio"]);
    expect(errors.at("options", 0, "label")).toHaveLength(1);
    expect(errors.within("options")).toHaveLength(1);
    expect(errors.count).toBe(2);
  });

  it("adds the validator's checks on the data, by JSON pointer", () => {
    const node = FlowNode.parse({ id: "hours", type: "timing", position: { x: 0, y: 0 }, data: { timezone: "Mars/Base", schedule: {} } });
    const errors = fieldErrors(node, [
      { severity: "error", code: "invalid_timezone", message: "not a zone", nodeId: "hours", path: "/nodes/4/data/timezone" },
      { severity: "error", code: "invalid_timezone", message: "other node", nodeId: "other", path: "/nodes/5/data/timezone" },
    ]);
    expect(errors.at("timezone")).toEqual(["not a zone"]);
  });

  it("shows a pattern the engine cannot run under the gather's pattern and the condition rule's right side", () => {
    const position = { x: 0, y: 0 };
    const doc = FlowDocument.parse({
      schemaVersion: 1,
      id: "patterns",
      name: "Patterns",
      entry: "pin",
      nodes: [
        { id: "pin", type: "gather", position, data: { prompt: { text: "PIN?" }, storeAs: "pin", pattern: "^(?=1)\\d{4}$" } },
        {
          id: "route",
          type: "condition",
          position,
          data: {
            rules: [
              { id: "ok", left: "{{vars.pin}}", operator: "matches", right: "^1" },
              { id: "twice", left: "{{vars.pin}}", operator: "matches", right: "(\\d)\\1" },
            ],
          },
        },
        { id: "bye", type: "hangup", position, data: {} },
      ],
      edges: [
        { id: "e1", source: "pin", sourceHandle: "next", target: "route" },
        { id: "e2", source: "route", sourceHandle: "no_match", target: "bye" },
      ],
    });
    const diagnostics = validate(doc);
    const [gather, condition] = doc.nodes;
    if (gather === undefined || condition === undefined) throw new Error("nodes missing");
    expect(fieldErrors(gather, diagnostics).at("pattern")).toEqual([expect.stringContaining("lookahead (?=…) is not supported")]);
    const ruleErrors = fieldErrors(condition, diagnostics);
    expect(ruleErrors.at("rules", 1, "right")).toEqual([expect.stringContaining("backreference \\1 is not supported")]);
    expect(ruleErrors.at("rules", 0, "right")).toEqual([]);
  });
});
