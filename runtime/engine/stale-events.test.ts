import { describe, expect, it } from "vitest";
import { exampleFlow } from "./fixtures/examples";
import { httpFlow } from "./fixtures/http-flow";
import { menuRetryFlow } from "./fixtures/retry-flows";
import type { EngineEvent } from "./events";
import { step } from "./step";
import { SessionHarness } from "./testing/session-harness";

function expectIgnored(call: SessionHarness, event: EngineEvent): void {
  const before = call.state;
  const result = step({ flow: call.flow, state: before, event, env: call.env });
  expect(result.state).toBe(before);
  expect(result.effects).toEqual([]);
  expect(result.steps).toEqual([]);
}

const menu = menuRetryFlow({ maxRetries: 2, connect: ["timeout", "max_retries"] });
const api = httpFlow({ url: "https://x.example/" });
const support = exampleFlow("support-line");

describe("stale and unexpected events are ignored: same state object, no effects, no records", () => {
  it("a timeout from an earlier attempt", () => {
    const call = new SessionHarness({ flow: menu });
    call.start();
    const first = call.token ?? "";
    call.send({ type: "timeout", token: first });
    expect(call.state.waiting).toMatchObject({ attempt: 2 });
    expectIgnored(call, { type: "timeout", token: first });
    expectIgnored(call, { type: "timeout", nodeId: "elsewhere" });
    call.send({ type: "timeout", token: call.token ?? "" });
    expect(call.state.waiting).toMatchObject({ attempt: 3 });
  });

  it("input answering an earlier prompt", () => {
    const call = new SessionHarness({ flow: menu });
    call.start();
    const first = call.token ?? "";
    call.send({ type: "timeout" });
    expectIgnored(call, { type: "digits", digits: "1", token: first });
  });

  it("results nobody waits for", () => {
    const call = new SessionHarness({ flow: menu });
    call.start();
    expectIgnored(call, { type: "http_result", status: 200 });
    expectIgnored(call, { type: "transfer_result", result: "completed" });
    expectIgnored(call, { type: "start" });
  });

  it("input while waiting for HTTP, and an http_result with another token", () => {
    const call = new SessionHarness({ flow: api });
    call.start();
    expectIgnored(call, { type: "digits", digits: "1" });
    expectIgnored(call, { type: "text", text: "hello" });
    expectIgnored(call, { type: "timeout" });
    expectIgnored(call, { type: "http_result", status: 200, token: "w999" });
  });

  it("input while waiting for an agent", () => {
    const call = new SessionHarness({ flow: support, now: new Date("2026-06-03T15:00:00Z") });
    call.start();
    call.send({ type: "digits", digits: "2" });
    expect(call.state.waiting?.kind).toBe("transfer");
    expectIgnored(call, { type: "digits", digits: "1" });
    expectIgnored(call, { type: "http_result", status: 200 });
  });

  it("anything after the end, hangup included", () => {
    const call = new SessionHarness({ flow: menu });
    call.start();
    call.send({ type: "hangup" });
    expect(call.state).toMatchObject({ status: "ended", endReason: "caller_hangup" });
    expect(call.last.effects).toEqual([{ type: "end", reason: "caller_hangup", nodeId: "menu", disconnect: false }]);
    for (const event of [{ type: "hangup" }, { type: "start" }, { type: "digits", digits: "1" }] satisfies EngineEvent[]) expectIgnored(call, event);
  });

  it("a hangup before the start ends the session without records", () => {
    const call = new SessionHarness({ flow: menu });
    call.send({ type: "hangup" });
    expect(call.state.endReason).toBe("caller_hangup");
    expect(call.steps).toEqual([]);
    expect(call.last.effects).toEqual([{ type: "end", reason: "caller_hangup", disconnect: false }]);
  });
});
