import { describe, expect, it } from "vitest";
import type { HttpResult } from "./events";
import { exampleFlow } from "./fixtures/examples";
import { httpFlow } from "./fixtures/http-flow";
import { SessionHarness } from "./testing/session-harness";

const flow = httpFlow({ url: "https://api.example.com/check?who={{caller.name}}", storeAs: "answer", timeoutSeconds: 3 });

function answer(result: Omit<HttpResult, "type">): SessionHarness {
  const call = new SessionHarness({ flow, caller: { name: "Zoë & Co" } });
  call.start();
  call.send({ type: "http_result", ...result });
  return call;
}

describe("http node results", () => {
  it("emits the request and waits", () => {
    const call = new SessionHarness({ flow, caller: { name: "Zoë & Co" } });
    call.start();
    expect(call.last.effects).toEqual([
      {
        type: "http_request",
        nodeId: "call_api",
        token: call.token,
        url: "https://api.example.com/check?who=Zo%C3%AB%20%26%20Co",
        method: "GET",
        headers: {},
        timeoutSeconds: 3,
      },
    ]);
    expect(call.state.waiting).toEqual({ kind: "http", nodeId: "call_api", token: call.token });
  });

  it("2xx with a JSON body: success, body parsed into nodes.<id>.body and vars.<storeAs>", () => {
    const call = answer({ status: 200, body: '{"result":"green","n":[1,2]}' });
    expect(call.state.nodes.call_api).toEqual({ status: 200, body: { result: "green", n: [1, 2] } });
    expect(call.state.vars.answer).toEqual({ result: "green", n: [1, 2] });
    expect(call.said).toEqual(['Result green / {"result":"green","n":[1,2]}']);
    expect(call.path).toEqual(["call_api:waiting", "call_api:success", "ok:ended(hangup_node)"]);
  });

  it("2xx with a text body: the text is kept as is", () => {
    const call = answer({ status: 201, body: "created" });
    expect(call.state.nodes.call_api).toEqual({ status: 201, body: "created" });
    expect(call.state.vars.answer).toBe("created");
  });

  it("2xx with a JSON scalar body keeps its type", () => {
    expect(answer({ status: 200, body: "42" }).state.vars.answer).toBe(42);
  });

  it("non-2xx goes to failure; the response is kept on the node, vars untouched", () => {
    const call = answer({ status: 404, body: '{"error":"not found"}' });
    expect(call.path.at(-2)).toBe("call_api:failure");
    expect(call.state.nodes.call_api).toEqual({ status: 404, body: { error: "not found" } });
    expect(call.state.vars).not.toHaveProperty("answer");
    expect(call.said).toEqual(["Failed with 404"]);
  });

  it("a 3xx is not success", () => {
    expect(answer({ status: 302 }).path.at(-2)).toBe("call_api:failure");
  });

  it.each(["timeout", "network", "blocked", "too_large"] as const)("error %s goes to failure with no status", (error) => {
    const call = answer({ error });
    expect(call.path.at(-2)).toBe("call_api:failure");
    expect(call.state.nodes.call_api).toEqual({ status: null, body: null, error });
    expect(call.said).toEqual(["Failed with "]);
  });

  it("a result with neither status nor error counts as a network failure", () => {
    expect(answer({}).state.nodes.call_api).toEqual({ status: null, body: null, error: "network" });
  });

  it("account balance: reads the balance back on success", () => {
    const call = new SessionHarness({ flow: exampleFlow("account-balance") });
    call.start();
    call.send({ type: "digits", digits: "1234567#" });
    call.send({ type: "http_result", status: 200, body: '{"balance": 12.5, "due_date": "July 1"}' });
    expect(call.said).toEqual(["Your balance is 12.5 dollars, due on July 1.", expect.stringContaining("To speak with our billing team")]);
    expect(call.state.vars.account).toEqual({ balance: 12.5, due_date: "July 1" });
    expect(call.path.slice(-4)).toEqual(["lookup:success", "check_balance:match:due", "read_balance:next", "anything_else:waiting"]);
  });

  it("account balance: a 404 is explained and handed to billing", () => {
    const call = new SessionHarness({ flow: exampleFlow("account-balance") });
    call.start();
    call.send({ type: "digits", digits: "1234567#" });
    call.send({ type: "http_result", status: 404, body: "no such account" });
    expect(call.path.slice(-5)).toEqual([
      "lookup:failure",
      "lookup_failed:match:not_found",
      "account_not_found:next",
      "connecting:next",
      "to_billing:waiting",
    ]);
  });
});
