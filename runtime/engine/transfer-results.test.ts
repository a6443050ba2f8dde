import { describe, expect, it } from "vitest";
import { exampleFlow } from "./fixtures/examples";
import { buildFlow } from "./fixtures/build-flow";
import { SessionHarness } from "./testing/session-harness";

const OPEN = new Date("2026-06-03T15:00:00Z");

function atSalesTransfer(): SessionHarness {
  const call = new SessionHarness({ flow: exampleFlow("support-line"), now: OPEN });
  call.start();
  call.send({ type: "digits", digits: "1" });
  return call;
}

describe("transfer", () => {
  it("waits for transfer_result", () => {
    const call = atSalesTransfer();
    expect(call.state.waiting).toEqual({ kind: "transfer", nodeId: "to_sales", token: call.token });
    expect(call.lastOf("transfer")[0]?.endsFlow).toBe(false);
  });

  it("completed follows completed", () => {
    const call = atSalesTransfer();
    call.send({ type: "transfer_result", result: "completed" });
    expect(call.path.slice(-2)).toEqual(["to_sales:completed", "goodbye:ended(hangup_node)"]);
  });

  it("no_answer follows no_answer", () => {
    const call = atSalesTransfer();
    call.send({ type: "transfer_result", result: "no_answer" });
    expect(call.path.slice(-2)).toEqual(["to_sales:no_answer", "all_busy:ended(hangup_node)"]);
  });

  it("abandoned ends the session, without hanging up on anyone", () => {
    const call = atSalesTransfer();
    call.send({ type: "transfer_result", result: "abandoned" });
    expect(call.last.effects).toEqual([{ type: "end", reason: "abandoned", nodeId: "to_sales", disconnect: false }]);
    expect(call.path.at(-1)).toBe("to_sales:ended(abandoned)");
  });

  it("a hangup while waiting for an agent is abandoned", () => {
    const call = atSalesTransfer();
    call.send({ type: "hangup" });
    expect(call.state.endReason).toBe("abandoned");
  });

  it("with no outgoing edges, ends at the hand-off: agents own the conversation", () => {
    const flow = buildFlow({
      id: "handoff",
      nodes: [
        { id: "hi", type: "greeting", data: { prompt: { text: "Connecting you." } } },
        { id: "agents", type: "transfer", data: { teamId: "support", priority: "high", holdAudio: "hold-music", waitingMessage: "Hi {{vars.name}}, hold on." } },
      ],
      edges: [["hi", "next", "agents"]],
    });
    const call = new SessionHarness({ flow, channel: "chat", variables: { name: "Jo" } });
    call.start();
    expect(call.last.effects.slice(1)).toEqual([
      {
        type: "transfer",
        nodeId: "agents",
        token: expect.any(String),
        teamId: "support",
        priority: "high",
        timeoutSeconds: 120,
        holdAudio: "hold-music",
        waitingMessage: "Hi Jo, hold on.",
        endsFlow: true,
      },
      { type: "end", reason: "transfer_handoff", nodeId: "agents", disconnect: false },
    ]);
    expect(call.state).toMatchObject({ status: "ended", endReason: "transfer_handoff" });
    // A later result is for nobody.
    expect(call.send({ type: "transfer_result", result: "completed" }).effects).toEqual([]);
  });
});
