import { describe, expect, it } from "vitest";
import { describePin, plannedPins } from "./subflow-pins";
import parent from "../../../examples/callback-request.json";

const flows = [
  { id: "callback-request", publishedVersion: 1 },
  { id: "callback-number", publishedVersion: 3 },
];
const pinnedTo = (version: number) => ({
  ...parent,
  nodes: parent.nodes.map((node) => (node.type === "subflow" ? { ...node, data: { ...node.data, version } } : node)),
});

describe("the publish dialog's pinned subflows", () => {
  it("lists each subflow node with the called flow's live version, against what the live version pins", () => {
    const pins = plannedPins(parent, flows, pinnedTo(1));
    expect(pins).toEqual([{ nodeId: "get_number", flowId: "callback-number", version: 3, previous: 1 }]);
    expect(pins.map(describePin)).toEqual(["get_number calls callback-number v3 (was v1)"]);
    expect(plannedPins(parent, flows, pinnedTo(3)).map(describePin)).toEqual(["get_number calls callback-number v3 (unchanged)"]);
  });

  it("says when the called flow is not published, and lists nothing for a flow without subflows or a draft that does not parse", () => {
    expect(plannedPins(parent, [], null).map(describePin)).toEqual(["get_number calls callback-number, which is not published: publish it first"]);
    expect(plannedPins({ ...parent, nodes: parent.nodes.filter((node) => node.type !== "subflow") }, flows, null)).toEqual([]);
    expect(plannedPins({ nodes: "broken" }, flows, null)).toEqual([]);
  });
});
