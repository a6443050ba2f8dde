import { describe, expect, it } from "vitest";
import { FlowDocument } from "./document";
import { loadExamples } from "../examples/load-examples";
import { pinSubflows, subflowPins } from "./pin-subflows";

const example = (id: string): FlowDocument => {
  const found = loadExamples().find((file) => file.file === `${id}.json`);
  if (found === undefined) throw new Error(`no example ${id}`);
  return FlowDocument.parse(found.document);
};

describe("pinSubflows", () => {
  it("writes each subflow node's called flow's live version, and says so", () => {
    const { document, pins } = pinSubflows(example("callback-request"), (flowId) => (flowId === "callback-number" ? 3 : undefined));
    expect(pins).toEqual([{ nodeId: "get_number", flowId: "callback-number", version: 3 }]);
    expect(subflowPins(document)).toEqual(pins);
    expect(FlowDocument.safeParse(document).success).toBe(true);
  });

  it("replaces a pin a draft carries (a rolled-back version's), and drops it when the called flow has no live version", () => {
    const pinned = pinSubflows(example("callback-request"), () => 1).document;
    expect(subflowPins(pinSubflows(pinned, () => 5).document)[0]?.version).toBe(5);
    const unpublished = pinSubflows(pinned, () => undefined);
    expect(unpublished.pins[0]?.version).toBeNull();
    expect(subflowPins(unpublished.document)[0]?.version).toBeNull();
  });

  it("leaves a flow without subflow nodes as it is", () => {
    const flow = example("support-line");
    expect(pinSubflows(flow, () => 1)).toEqual({ document: flow, pins: [] });
  });
});
