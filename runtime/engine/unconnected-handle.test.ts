import { describe, expect, it } from "vitest";
import { buildFlow } from "./fixtures/build-flow";
import { SessionHarness } from "./testing/session-harness";

describe("an unconnected handle ends the session cleanly", () => {
  it("a greeting with no next edge", () => {
    const call = new SessionHarness({ flow: buildFlow({ id: "dangling", nodes: [{ id: "hi", type: "greeting", data: { prompt: { text: "Hi." } } }] }) });
    call.start();
    expect(call.last.effects).toEqual([
      { type: "prompt", nodeId: "hi", text: "Hi." },
      { type: "end", reason: "unconnected_handle", nodeId: "hi", disconnect: true },
    ]);
    expect(call.path).toEqual(["hi:next", "hi:ended(unconnected_handle)"]);
    expect(call.state).toMatchObject({ status: "ended", endReason: "unconnected_handle", endedAt: call.now.toISOString() });
  });

  it("a menu option with no edge", () => {
    const flow = buildFlow({
      id: "half-menu",
      nodes: [
        { id: "menu", type: "menu", data: { prompt: { text: "1 or 2" }, options: [{ key: "1", label: "One" }, { key: "2", label: "Two" }] } },
        { id: "one", type: "hangup", data: {} },
      ],
      edges: [["menu", "option:1", "one"]],
    });
    const call = new SessionHarness({ flow });
    call.start();
    call.send({ type: "digits", digits: "2" });
    expect(call.path).toEqual(["menu:waiting", "menu:option:2", "menu:ended(unconnected_handle)"]);
  });

  it("an edge to a node that does not exist ends with node_missing", () => {
    const flow = buildFlow({ id: "broken", nodes: [{ id: "hi", type: "greeting", data: { prompt: { text: "Hi." } } }], edges: [["hi", "next", "ghost"]] });
    const call = new SessionHarness({ flow });
    call.start();
    expect(call.state.endReason).toBe("node_missing");
  });
});
