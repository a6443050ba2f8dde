import { describe, expect, it } from "vitest";
import { MAX_SUBFLOW_DEPTH } from "../../flow-schema/subflow-contract";
import { buildFlow } from "./fixtures/build-flow";
import { exampleFlow } from "./fixtures/examples";
import type { FlowVersionRef } from "./flow-version";
import { SessionHarness } from "./testing/session-harness";

const CALLER = { phone: "+12125550100" };

/** The callback-request example as published version `version`, its subflow pinned to callback-number@`pin`. */
function parentPinnedTo(pin: number, version = 1): FlowVersionRef {
  const parent = exampleFlow("callback-request");
  const nodes = parent.document.nodes.map((node) => (node.type === "subflow" ? { ...node, data: { ...node.data, version: pin } } : node));
  return { ...parent, version, document: { ...parent.document, nodes } };
}

/** callback-number with its menu prompt changed, as version `version`. */
function childVersion(version: number, menuText: string): FlowVersionRef {
  const child = exampleFlow("callback-number");
  const nodes = child.document.nodes.map((node) => (node.type === "menu" ? { ...node, data: { ...node.data, prompt: { text: menuText } } } : node));
  return { ...child, version, document: { ...child.document, nodes } };
}

describe("subflow and return", () => {
  it("maps inputs in, runs the called flow with its own variables, and maps outputs back (callback-request → callback-number)", () => {
    const call = new SessionHarness({ flow: parentPinnedTo(1), published: [exampleFlow("callback-number")], caller: CALLER, variables: { secret: "parent only" } });
    call.start();
    // In the called flow: its input mapped, its declared default converted to a boolean, nothing of the caller's.
    expect(call.state.flow).toEqual({ flowId: "callback-number", version: 1 });
    expect(call.state.vars).toEqual({ reason: "so one of our team can call you back", offer_caller_id: true });
    expect(call.said.at(-1)).toBe(
      "We need a phone number so one of our team can call you back. To use the number you're calling from, press 1. To enter a different number, press 2.",
    );
    call.send({ type: "digits", digits: "1" });
    // Back in the caller: its variables as they were, plus the output; the node's result.
    expect(call.state.flow).toEqual({ flowId: "callback-request", version: 1 });
    expect(call.state.callStack).toBeUndefined();
    expect(call.state.vars).toEqual({ secret: "parent only", callback_number: "+12125550100" });
    expect(call.state.nodes.get_number).toEqual({ outcome: "confirmed", outputs: { phone: "+12125550100" } });
    expect(call.said).toEqual(["Thank you. One of our team will call you back at +12125550100 within one business day. Goodbye."]);
    expect(call.path).toEqual([
      "welcome:next",
      "get_number:call",
      "check_caller_id:no_match",
      "which_number:waiting",
      "which_number:option:1",
      "use_caller_id:return:confirmed",
      "get_number:outcome:confirmed",
      "booked:ended(hangup_node)",
    ]);
    expect(call.steps.map((record) => `${record.flowId}@${record.version}`)).toEqual([
      "callback-request@1",
      "callback-request@1",
      ...Array(4).fill("callback-number@1"),
      "callback-request@1",
      "callback-request@1",
    ]);
  });

  it("takes the outcome the called flow returns: entered digits, and no number at all", () => {
    const entered = new SessionHarness({ flow: parentPinnedTo(1), published: [exampleFlow("callback-number")] });
    entered.start();
    expect(entered.state.currentNodeId).toBe("enter_number"); // no caller id: straight to the digits
    entered.send({ type: "digits", digits: "2125550123", token: entered.token });
    expect(entered.state.vars.callback_number).toBe("2125550123");
    expect(entered.path.slice(-3)).toEqual(["use_entered:return:confirmed", "get_number:outcome:confirmed", "booked:ended(hangup_node)"]);

    const silent = new SessionHarness({ flow: parentPinnedTo(1), published: [exampleFlow("callback-number")] });
    silent.start();
    for (let i = 0; i < 3; i++) silent.send({ type: "timeout", token: silent.token });
    expect(silent.path.slice(-3)).toEqual(["no_number:return:no_number", "get_number:outcome:no_number", "to_support:ended(transfer_handoff)"]);
    expect(silent.state.nodes.get_number).toEqual({ outcome: "no_number", outputs: {} });
    expect(silent.state.vars).toEqual({});
  });

  it("keeps running the pinned version after the called flow is republished; a draft calls the live one", () => {
    const pinned = new SessionHarness({ flow: parentPinnedTo(1), published: [childVersion(1, "Version one: press 1 or 2.")], caller: CALLER });
    pinned.publish(childVersion(2, "Version two: press 1 or 2."));
    pinned.start();
    expect(pinned.state.flow).toEqual({ flowId: "callback-number", version: 1 });
    expect(pinned.said.at(-1)).toBe("Version one: press 1 or 2.");
    // Republished again while this call waits in the called flow: the call stays on version 1.
    pinned.publish(childVersion(3, "Version three."));
    pinned.send({ type: "digits", digits: "2" });
    expect(pinned.steps.filter((record) => record.flowId === "callback-number").every((record) => record.version === 1)).toBe(true);

    const draft = new SessionHarness({ flow: { ...parentPinnedTo(1), version: "draft" }, published: [childVersion(1, "one"), childVersion(2, "two")], caller: CALLER });
    draft.start();
    expect(draft.state.flow).toEqual({ flowId: "callback-number", version: 2 });
    expect(draft.said.at(-1)).toBe("two");
    draft.send({ type: "digits", digits: "1" });
    expect(draft.state.flow).toEqual({ flowId: "callback-request", version: "draft" });
    expect(draft.state.vars.callback_number).toBe(CALLER.phone);
  });

  it("takes failed when the called flow is missing, and when it ends without a return", () => {
    const missing = new SessionHarness({ flow: parentPinnedTo(7), published: [exampleFlow("callback-number")] });
    missing.start();
    expect(missing.path).toEqual(["welcome:next", "get_number:failed", "to_support:ended(transfer_handoff)"]);
    expect(missing.steps[1]?.note).toBe('version 7 of flow "callback-number" cannot be found');

    // A called flow whose menu has no edge for option 2: the session does not end there, the caller goes on by failed.
    const broken = exampleFlow("callback-number");
    const edges = broken.document.edges.filter((edge) => !(edge.source === "which_number" && edge.sourceHandle === "option:2"));
    const call = new SessionHarness({ flow: parentPinnedTo(1), published: [{ ...broken, document: { ...broken.document, edges } }], caller: CALLER });
    call.start();
    call.send({ type: "digits", digits: "2" });
    expect(call.path.slice(-3)).toEqual(["which_number:option:2", "get_number:failed", "to_support:ended(transfer_handoff)"]);
    expect(call.state.flow).toEqual({ flowId: "callback-request", version: 1 });
    expect(call.state.callStack).toBeUndefined();
  });

  it("takes failed when a required input is missing or cannot be converted to its type", () => {
    const child = buildFlow({
      id: "child",
      inputs: { count: { type: "number" }, label: { type: "string", default: "x" } },
      nodes: [{ id: "r", type: "return", data: { outcome: "done", outputs: {} } }],
    });
    const parent = (inputs: Record<string, string>) =>
      buildFlow({
        id: "parent",
        nodes: [
          { id: "call", type: "subflow", data: { flowId: "child", inputs, outcomes: ["done"] } },
          { id: "ok", type: "hangup", data: {} },
          { id: "bad", type: "hangup", data: {} },
        ],
        edges: [
          ["call", "outcome:done", "ok"],
          ["call", "failed", "bad"],
        ],
      });
    const run = (inputs: Record<string, string>) => {
      const call = new SessionHarness({ flow: parent(inputs), published: [child], variables: { n: "12" } });
      call.start();
      return call;
    };
    expect(run({ count: "{{vars.n}}" }).path).toEqual(["call:call", "r:return:done", "call:outcome:done", "ok:ended(hangup_node)"]);
    const missing = run({});
    expect(missing.path).toEqual(["call:failed", "bad:ended(hangup_node)"]);
    expect(missing.steps[0]?.note).toContain('needs input "count"');
    const wrongType = run({ count: "twelve" });
    expect(wrongType.path).toEqual(["call:failed", "bad:ended(hangup_node)"]);
    expect(wrongType.steps[0]?.note).toContain('input "count" of flow "child" is not a number');
  });

  it("stops a flow calling itself at the depth limit and takes failed there", () => {
    const loop = buildFlow({
      id: "loop",
      nodes: [
        { id: "again", type: "subflow", data: { flowId: "loop", outcomes: ["done"] } },
        { id: "done", type: "return", data: { outcome: "done" } },
      ],
      edges: [
        ["again", "outcome:done", "done"],
        ["again", "failed", "done"],
      ],
    });
    const call = new SessionHarness({ flow: { ...loop, version: "draft" }, published: [loop] });
    call.start();
    expect(call.path.filter((entry) => entry === "again:call")).toHaveLength(MAX_SUBFLOW_DEPTH);
    expect(call.path).toContain("again:failed");
    expect(call.state.endReason).toBe("returned");
    expect(call.state.callStack).toBeUndefined();
  });

  it("ends the session at a return in a flow nobody called, and on a hangup inside a subflow", () => {
    const alone = new SessionHarness({ flow: exampleFlow("callback-number"), caller: CALLER, variables: { reason: "to test" } });
    alone.start();
    alone.send({ type: "digits", digits: "1" });
    expect(alone.path.at(-1)).toBe("use_caller_id:ended(returned)");

    const call = new SessionHarness({ flow: parentPinnedTo(1), published: [exampleFlow("callback-number")], caller: CALLER });
    call.start();
    call.send({ type: "hangup" });
    expect(call.state.endReason).toBe("caller_hangup");
    expect(call.path.at(-1)).toBe("which_number:ended(caller_hangup)");
  });
});
