import { describe, expect, it } from "vitest";
import { importOne, messages } from "../testing";

describe("whatomate goto_flow", () => {
  it("keeps a UUID flow id", () => {
    const { node, issues } = importOne("goto_flow", { flow_id: "5f0c7a3e-9b1d-4c2e-8f6a-2d3b4c5e6f70" });
    expect(node).toMatchObject({ type: "goto_flow", data: { flowId: "5f0c7a3e-9b1d-4c2e-8f6a-2d3b4c5e6f70" } });
    expect(issues).toEqual([]);
  });

  it("makes an invalid flow id valid, and reports it", () => {
    const { node, issues } = importOne("goto_flow", { flow_id: "Sales flow (new)" });
    expect(node.data).toEqual({ flowId: "Sales-flow-new-" });
    expect(messages(issues, "warning")).toEqual([expect.stringContaining('"Sales-flow-new-" is used')]);
  });

  it("drops outgoing edges: the flow continues elsewhere", () => {
    const { edges, issues } = importOne("goto_flow", { flow_id: "other" }, ["default"]);
    expect(edges).toEqual([]);
    expect(messages(issues, "error")).toEqual([expect.stringContaining("ends the flow")]);
  });
});
