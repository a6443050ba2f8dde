import { describe, expect, it } from "vitest";
import type { EngineEvent } from "./events";
import { exampleFlow } from "./fixtures/examples";
import { gatherRetryFlow } from "./fixtures/retry-flows";
import { SessionHarness } from "./testing/session-harness";

function gather(flow: ReturnType<typeof gatherRetryFlow>, event: EngineEvent, channel: "voice" | "chat" = "voice"): SessionHarness {
  const call = new SessionHarness({ flow, channel });
  call.start();
  call.send(event);
  return call;
}

describe("gather", () => {
  const flow = gatherRetryFlow({ minDigits: 4, maxDigits: 6, terminator: "#" });

  it("asks with a collect describing how the entry ends", () => {
    const call = new SessionHarness({ flow });
    call.start();
    expect(call.said).toEqual(["Enter your code."]);
    expect(call.lastOf("collect")[0]).toMatchObject({ mode: "digits", input: "dtmf", minDigits: 4, maxDigits: 6, terminator: "#", timeoutSeconds: 10 });
  });

  it("listens for spoken digits when its input says so: the digits of the speech are the entry, other words are an invalid one", () => {
    const spoken = gatherRetryFlow({ minDigits: 4, maxDigits: 6, terminator: "#", input: "both" });
    const call = new SessionHarness({ flow: spoken });
    call.start();
    expect(call.lastOf("collect")[0]).toMatchObject({ mode: "digits", input: "both" });
    expect(gather(spoken, { type: "speech", text: "1234", confidence: 0.8 }).state.vars.code).toBe("1234");
    expect(gather(spoken, { type: "speech", text: "one two", confidence: 0.8 }).steps[1]).toMatchObject({ outcome: "invalid", input: "one two" });
  });

  it("ends on the terminator, which is not stored", () => {
    const call = gather(flow, { type: "digits", digits: "1234#" });
    expect(call.state.vars.code).toBe("1234");
    expect(call.state.nodes.code).toEqual({ digits: "1234" });
    expect(call.steps[1]).toMatchObject({ outcome: "next", input: "1234#" });
  });

  it("ends on maxDigits", () => {
    expect(gather(flow, { type: "digits", digits: "123456" }).state.vars.code).toBe("123456");
  });

  it("keeps leading zeros", () => {
    expect(gather(flow, { type: "digits", digits: "007700#" }).state.vars.code).toBe("007700");
  });

  it("on timeout, takes the keys typed so far when there are enough", () => {
    expect(gather(flow, { type: "timeout", digits: "12345" }).state.vars.code).toBe("12345");
  });

  it("on timeout with too few keys, counts an invalid try", () => {
    const call = gather(flow, { type: "timeout", digits: "12" });
    expect(call.last.steps[0]).toMatchObject({ outcome: "invalid", input: "12" });
    expect(call.said).toEqual(["That code is not valid.", "Enter your code."]);
  });

  it("on timeout with nothing typed, counts a no-input try", () => {
    const call = gather(flow, { type: "timeout" });
    expect(call.last.steps[0]).toMatchObject({ outcome: "no_input" });
    expect(call.said).toEqual(["I didn't get any digits.", "Enter your code."]);
  });

  it("checks minDigits and maxDigits", () => {
    expect(gather(flow, { type: "digits", digits: "123#" }).last.steps[0]?.outcome).toBe("invalid");
    expect(gather(flow, { type: "digits", digits: "1234567" }).last.steps[0]?.outcome).toBe("invalid");
  });

  it("checks the pattern against the whole entry", () => {
    const pinFlow = gatherRetryFlow({ minDigits: 4, maxDigits: 4, pattern: "[1-9][0-9]{3}" });
    expect(gather(pinFlow, { type: "digits", digits: "0123" }).last.steps[0]?.outcome).toBe("invalid");
    expect(gather(pinFlow, { type: "digits", digits: "1234" }).state.vars.code).toBe("1234");
    const partial = gatherRetryFlow({ minDigits: 4, maxDigits: 6, pattern: "12" });
    expect(gather(partial, { type: "digits", digits: "123456" }).last.steps[0]?.outcome).toBe("invalid");
  });

  it("a pattern the engine cannot run (a version published before the validator refused it) accepts nothing, and says why", () => {
    const lookahead = gatherRetryFlow({ minDigits: 4, maxDigits: 4, pattern: "(?!0000)[0-9]{4}" });
    const call = gather(lookahead, { type: "digits", digits: "1234" });
    expect(call.last.steps[0]).toMatchObject({ outcome: "invalid", input: "1234" });
    expect(call.last.steps[0]?.note).toMatch(/^\/\(\?!0000\)\[0-9\]\{4\}\/ cannot run: negative lookahead \(\?!…\) is not supported/);
    expect(call.state.vars.code).toBeUndefined();
  });

  it("matches in RE2 syntax: a nested quantifier is just a pattern", () => {
    const nested = gatherRetryFlow({ minDigits: 1, maxDigits: 64, pattern: "(1+)+2" });
    expect(gather(nested, { type: "digits", digits: "1".repeat(60) }).last.steps[0]?.outcome).toBe("invalid");
    expect(gather(nested, { type: "digits", digits: `${"1".repeat(60)}2` }).state.vars.code).toBe(`${"1".repeat(60)}2`);
  });

  it("with no terminator, # is an ordinary key", () => {
    const hashFlow = gatherRetryFlow({ minDigits: 2, maxDigits: 4, terminator: "" });
    expect(gather(hashFlow, { type: "digits", digits: "12#" }).state.vars.code).toBe("12#");
  });

  it("an empty entry is no input", () => {
    expect(gather(flow, { type: "digits", digits: "" }).last.steps[0]?.outcome).toBe("no_input");
  });

  it("on chat, counts the digits in typed text", () => {
    const chat = gather(flow, { type: "text", text: "my code is 12 34-5" }, "chat");
    expect(chat.state.vars.code).toBe("12345");
    expect(chat.steps[1]).toMatchObject({ outcome: "next", input: "my code is 12 34-5" });
  });

  it("on chat, text without digits is invalid", () => {
    expect(gather(flow, { type: "text", text: "no idea" }, "chat").last.steps[0]?.outcome).toBe("invalid");
  });

  it("retries, then leaves by the last cause", () => {
    const call = new SessionHarness({ flow: gatherRetryFlow({ maxRetries: 1 }) });
    call.start();
    call.send({ type: "digits", digits: "1#" });
    call.send({ type: "timeout" });
    expect(call.path).toEqual(["code:waiting", "code:invalid", "code:timeout", "silent:ended(hangup_node)"]);
    const other = new SessionHarness({ flow: gatherRetryFlow({ maxRetries: 1, connect: ["timeout"] }) });
    other.start();
    other.send({ type: "timeout" });
    other.send({ type: "digits", digits: "1#" });
    expect(other.path.slice(-2)).toEqual(["code:timeout", "silent:ended(hangup_node)"]);
  });

  it("account balance: a valid account number is stored and looked up", () => {
    const call = new SessionHarness({ flow: exampleFlow("account-balance"), call: { id: "CA9" } });
    call.start();
    expect(call.lastOf("collect")[0]).toMatchObject({ nodeId: "ask_account", minDigits: 6, maxDigits: 10, terminator: "#" });
    call.send({ type: "digits", digits: "12345#" });
    expect(call.said[0]).toBe("Sorry, account numbers are 6 to 10 digits long.");
    call.send({ type: "digits", digits: "1234567#" });
    expect(call.state.vars.account_number).toBe("1234567");
    expect(call.lastOf("http_request")[0]).toMatchObject({
      url: "https://api.acme.example/accounts/1234567/balance",
      headers: { Accept: "application/json", "X-Acme-Call-Id": "CA9" },
    });
  });
});
