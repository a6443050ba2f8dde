import { describe, expect, it } from "vitest";
import { buildFlow } from "./fixtures/build-flow";
import { DEFAULT_LIMITS } from "./limits";
import { SessionHarness } from "./testing/session-harness";

const DAY = 24 * 60 * 60 * 1000;

/** A menu whose option 1 loops back to it through a greeting; its timeout loops straight back. */
const loopingMenu = buildFlow({
  id: "loop",
  nodes: [
    { id: "menu", type: "menu", data: { prompt: { text: "Press 1 to hear it again." }, options: [{ key: "1", label: "Again" }], maxRetries: 0 } },
    { id: "again", type: "greeting", data: { prompt: { text: "Again." } } },
  ],
  edges: [
    ["menu", "option:1", "again"],
    ["menu", "timeout", "again"],
    ["again", "next", "menu"],
  ],
});

describe("guards", () => {
  it("has the documented defaults", () => {
    expect(DEFAULT_LIMITS).toEqual({ maxSteps: 1000, maxSameNodeInARow: 10, maxSessionAgeMs: 30 * DAY, maxNodes: 2000 });
  });

  it("steps: a session runs at most 1,000 steps, then ends with guard_steps", () => {
    const call = new SessionHarness({ flow: loopingMenu });
    call.start();
    let events = 0;
    while (call.state.status !== "ended" && events < 2000) {
      call.send({ type: "digits", digits: "1" });
      events += 1;
    }
    expect(call.state.endReason).toBe("guard_steps");
    expect(call.state.counters.steps).toBe(1000);
    expect(call.steps.filter((record) => record.outcome !== "ended")).toHaveLength(1000);
    expect(call.lastOf("end")[0]).toMatchObject({ reason: "guard_steps", disconnect: true });
    expect(call.steps.at(-1)).toMatchObject({ outcome: "ended", reason: "guard_steps" });
  });

  it("same node: the 10th entry without caller input in between ends with guard_same_node", () => {
    const call = new SessionHarness({ flow: loopingMenu });
    call.start();
    for (let timeouts = 0; timeouts < 8; timeouts++) call.send({ type: "timeout" });
    expect(call.state.status).toBe("waiting");
    expect(call.state.counters.visits["loop:menu"]).toBe(9);
    call.send({ type: "timeout" });
    expect(call.state.endReason).toBe("guard_same_node");
    expect(call.path.at(-1)).toBe("menu:ended(guard_same_node)");
  });

  it("same node: caller input resets the count", () => {
    const call = new SessionHarness({ flow: loopingMenu });
    call.start();
    for (let round = 0; round < 30; round++) call.send(round % 5 === 4 ? { type: "digits", digits: "1" } : { type: "timeout" });
    expect(call.state.status).toBe("waiting");
  });

  it("same node: a loop with no waiting at all is stopped within one step", () => {
    const flow = buildFlow({
      id: "spin",
      nodes: [
        { id: "count", type: "set_variables", data: { assignments: [{ name: "n", value: "{{vars.n}}I" }] } },
        { id: "check", type: "condition", data: { rules: [{ id: "never", left: "{{vars.n}}", operator: "equals", right: "never" }] } },
      ],
      edges: [
        ["count", "next", "check"],
        ["check", "no_match", "count"],
      ],
    });
    const call = new SessionHarness({ flow });
    call.start();
    expect(call.state.endReason).toBe("guard_same_node");
    expect(call.state.vars.n).toBe("IIIIIIIII");
  });

  it("same node: an HTTP retry loop ends at the 10th attempt", () => {
    const flow = buildFlow({ id: "retry", nodes: [{ id: "api", type: "http", data: { url: "https://x.example/" } }], edges: [["api", "failure", "api"]] });
    const call = new SessionHarness({ flow });
    call.start();
    for (let attempt = 0; attempt < 9; attempt++) call.send({ type: "http_result", error: "timeout" });
    expect(call.lastOf("http_request")).toEqual([]);
    expect(call.state.endReason).toBe("guard_same_node");
    expect(call.effects.filter((effect) => effect.type === "http_request")).toHaveLength(9);
  });

  it("session age: an event after 30 days ends the session with guard_session_age", () => {
    const call = new SessionHarness({ flow: loopingMenu });
    call.start();
    call.advance(30 * DAY);
    call.send({ type: "timeout" });
    expect(call.state.status).toBe("waiting");
    call.advance(1);
    call.send({ type: "digits", digits: "1" });
    expect(call.last.effects).toEqual([{ type: "end", reason: "guard_session_age", nodeId: "menu", disconnect: true }]);
    expect(call.state.endReason).toBe("guard_session_age");
  });

  it("document size: a flow over maxNodes does not run", () => {
    const flow = buildFlow({
      id: "big",
      nodes: Array.from({ length: 5 }, (_, index) => ({ id: `n${index}`, type: "hangup" as const, data: {} })),
    });
    const call = new SessionHarness({ flow, limits: { maxNodes: 4 } });
    call.start();
    expect(call.last.effects).toEqual([{ type: "end", reason: "guard_document_size", nodeId: "n0", disconnect: true }]);
    expect(call.path).toEqual(["n0:ended(guard_document_size)"]);
  });

  it("document size: goto_flow into a flow over maxNodes ends at the goto", () => {
    const big = buildFlow({ id: "big", nodes: Array.from({ length: 5 }, (_, index) => ({ id: `n${index}`, type: "hangup" as const, data: {} })) });
    const small = buildFlow({ id: "small", nodes: [{ id: "go", type: "goto_flow", data: { flowId: "big" } }] });
    const call = new SessionHarness({ flow: small, published: [big], limits: { maxNodes: 4 } });
    call.start();
    expect(call.path).toEqual(["go:ended(guard_document_size)"]);
  });

  it("limits are configurable", () => {
    const call = new SessionHarness({ flow: loopingMenu, limits: { maxSteps: 5 } });
    call.start();
    call.send({ type: "digits", digits: "1" });
    call.send({ type: "digits", digits: "1" });
    expect(call.state.endReason).toBe("guard_steps");
    expect(call.state.counters.steps).toBe(5);
  });
});
