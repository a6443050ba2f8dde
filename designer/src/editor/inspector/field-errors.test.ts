import { describe, expect, it } from "vitest";
import { FlowNode } from "../../../../flow-schema/document";
import { MenuKey } from "../../../../flow-schema/nodes/menu";
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
});
