import { describe, expect, it } from "vitest";
import { importStudio } from "../import-studio";
import { importWidget, messages, studioFlow, targetOf } from "../testing";

describe("Studio run-subflow and the flows it calls", () => {
  it("run-subflow → a subflow node calling the flow imported under the Studio flow's SID, parameters as inputs", () => {
    const { node, handles, issues } = importWidget(
      "run-subflow",
      { flow_sid: "FW0123", flow_revision: "3", parameters: [{ key: "phone", value: "{{trigger.call.From}}" }, { key: "order-id", value: "{{flow.variables.order}}" }] },
      ["completed", "failed"],
    );
    expect(node).toMatchObject({ type: "subflow", data: { flowId: "FW0123", inputs: { phone: "{{caller.phone}}", order_id: "{{vars.order}}" }, outputs: {}, outcomes: ["completed"] } });
    expect(handles).toEqual({ "outcome:completed": targetOf("completed"), failed: targetOf("failed") });
    expect(messages(issues)).toEqual([expect.stringContaining("switchboard import studio --id FW0123"), expect.stringContaining("flow_revision 3")]);
  });

  it("a flow started by incomingParent declares the flow.data values it reads as its inputs", () => {
    const child = studioFlow([{ name: "hello", type: "say-play", properties: { say: "Hello {{flow.data.name}}, order {{flow.data.order_id}}" } }], "incomingParent");
    const { document, issues } = importStudio(child, { id: "FW0123" });
    expect(document).toMatchObject({ entry: "hello", inputs: { name: { type: "string", default: "" }, order_id: { type: "string", default: "" } } });
    expect(document.variables).toBeUndefined();
    expect(document.nodes[0]?.data).toMatchObject({ prompt: { text: "Hello {{vars.name}}, order {{vars.order_id}}" } });
    expect(messages(issues)).toContainEqual(expect.stringContaining("another flow calls this one"));
    // Where Studio stops, the subflow returns to the calling flow: a return node, outcome completed.
    expect(document.nodes.map((node) => node.type)).toEqual(["greeting", "return"]);
    expect(document.edges).toEqual([expect.objectContaining({ source: "hello", sourceHandle: "next", target: "return_completed" })]);
  });
});
