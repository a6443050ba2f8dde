import { describe, expect, it } from "vitest";
import type { EngineEvent } from "./events";
import { menuRetryFlow } from "./fixtures/retry-flows";
import { SessionHarness } from "./testing/session-harness";

const NO_INPUT: EngineEvent = { type: "timeout" };
const WRONG: EngineEvent = { type: "digits", digits: "7" };

function run(flow: ReturnType<typeof menuRetryFlow>, events: EngineEvent[]): SessionHarness {
  const call = new SessionHarness({ flow });
  call.start();
  for (const event of events) call.send(event);
  return call;
}

describe("menu retries: the first prompt plus maxRetries re-prompts, then leave by the last cause", () => {
  const both = menuRetryFlow({ maxRetries: 2, connect: ["timeout", "max_retries"] });

  it("leaves by timeout when three tries in a row get no input", () => {
    const call = run(both, [NO_INPUT, NO_INPUT]);
    expect(call.state.waiting).toMatchObject({ attempt: 3, lastFailure: "no_input" });
    call.send(NO_INPUT);
    expect(call.path).toEqual(["menu:waiting", "menu:no_input", "menu:no_input", "menu:timeout", "silent:ended(hangup_node)"]);
  });

  it("leaves by max_retries when three tries are invalid", () => {
    const call = run(both, [WRONG, WRONG, WRONG]);
    expect(call.path).toEqual(["menu:waiting", "menu:invalid", "menu:invalid", "menu:max_retries", "confused:ended(hangup_node)"]);
    expect(call.steps.filter((record) => record.outcome !== "waiting" && record.nodeId === "menu").map((record) => record.input)).toEqual([
      "7",
      "7",
      "7",
    ]);
  });

  it("counts no-input and invalid tries together; the last cause picks the handle", () => {
    expect(run(both, [NO_INPUT, WRONG, NO_INPUT]).path.at(-2)).toBe("menu:timeout");
    expect(run(both, [WRONG, NO_INPUT, WRONG]).path.at(-2)).toBe("menu:max_retries");
  });

  it("succeeds on a later try", () => {
    const call = run(both, [WRONG, NO_INPUT, { type: "digits", digits: "2" }]);
    expect(call.path.slice(-2)).toEqual(["menu:option:2", "picked:ended(hangup_node)"]);
    expect(call.state.nodes.menu).toEqual({ key: "2", label: "Two" });
  });

  it("re-prompts with the cause's prompt, then the prompt and a fresh collect", () => {
    const call = run(both, []);
    const first = call.token;
    call.send(NO_INPUT);
    expect(call.said).toEqual(["Nothing heard.", "Press 1 or 2."]);
    expect(call.lastOf("collect")).toHaveLength(1);
    expect(call.token).not.toBe(first);
    call.send(WRONG);
    expect(call.said).toEqual(["Not an option.", "Press 1 or 2."]);
  });

  it("without invalid / no-input prompts, just says the prompt again", () => {
    const call = run(menuRetryFlow({ maxRetries: 1, connect: ["timeout"], reprompts: false }), [WRONG]);
    expect(call.said).toEqual(["Press 1 or 2."]);
  });

  it("with maxRetries 0 leaves on the first failure", () => {
    expect(run(menuRetryFlow({ maxRetries: 0, connect: ["timeout", "max_retries"] }), [WRONG]).path).toEqual([
      "menu:waiting",
      "menu:max_retries",
      "confused:ended(hangup_node)",
    ]);
  });

  it("falls back to timeout when max_retries is not connected", () => {
    const call = run(menuRetryFlow({ maxRetries: 1, connect: ["timeout"] }), [WRONG, WRONG]);
    expect(call.path.slice(-2)).toEqual(["menu:timeout", "silent:ended(hangup_node)"]);
  });

  it("falls back to max_retries when timeout is not connected", () => {
    const call = run(menuRetryFlow({ maxRetries: 1, connect: ["max_retries"] }), [NO_INPUT, NO_INPUT]);
    expect(call.path.slice(-2)).toEqual(["menu:max_retries", "confused:ended(hangup_node)"]);
  });

  it("ends cleanly when neither is connected", () => {
    const call = run(menuRetryFlow({ maxRetries: 1, connect: [] }), [NO_INPUT, NO_INPUT]);
    expect(call.path.slice(-2)).toEqual(["menu:timeout", "menu:ended(unconnected_handle)"]);
    expect(call.lastOf("end")).toEqual([{ type: "end", reason: "unconnected_handle", nodeId: "menu", disconnect: true }]);
  });
});
