import { describe, expect, it } from "vitest";
import type { SimEffect } from "./simulator-api";
import { callerLine, collectText, effectLines, endText, stepLines } from "./transcript";

const menuCollect = {
  type: "collect",
  nodeId: "main_menu",
  token: "t1",
  mode: "menu",
  input: "both",
  timeoutSeconds: 8,
  options: [
    { key: "1", label: "Sales" },
    { key: "2", label: "Support" },
  ],
} satisfies SimEffect;

describe("effects as transcript lines", () => {
  it("voice: prompts with their text and audio, then what the menu waits for", () => {
    const lines = effectLines(
      [
        { type: "prompt", nodeId: "welcome", text: "Thank you for calling Acme." },
        { type: "prompt", nodeId: "jingle", audio: "acme-jingle" },
        { type: "prompt", nodeId: "main_menu", text: "Press 1 for sales.", audio: "menu" },
        menuCollect,
      ],
      "voice",
    );
    expect(lines).toEqual([
      { kind: "bot", nodeId: "welcome", text: "Thank you for calling Acme." },
      { kind: "bot", nodeId: "jingle", text: "", audio: "acme-jingle" },
      { kind: "bot", nodeId: "main_menu", text: "Press 1 for sales.", audio: "menu" },
      { kind: "wait", nodeId: "main_menu", text: "Waiting for a key or speech: 1 Sales · 2 Support (times out after 8 s)" },
    ]);
  });

  it("a prompt with neither text nor audio says nothing", () => {
    expect(effectLines([{ type: "prompt", nodeId: "silent" }], "voice")).toEqual([]);
  });

  it("chat: messages keep their options for buttons; the collect waits for a reply", () => {
    const lines = effectLines(
      [
        { type: "message", nodeId: "choice", text: "Will you make it?", options: [{ key: "1", label: "Confirm" }] },
        { ...menuCollect, input: "text", timeoutSeconds: 60 },
      ],
      "chat",
    );
    expect(lines).toEqual([
      { kind: "bot", nodeId: "choice", text: "Will you make it?", options: [{ key: "1", label: "Confirm" }] },
      { kind: "wait", nodeId: "main_menu", text: "Waiting for a reply (times out after 60 s)" },
    ]);
  });

  it("HTTP requests, transfers and the end", () => {
    const lines = effectLines(
      [
        { type: "http_request", nodeId: "save", url: "https://api.acme.example/x", method: "POST", headers: {}, body: '{"a":1}', timeoutSeconds: 5 },
        { type: "transfer", nodeId: "desk", teamId: "support", priority: "high", timeoutSeconds: 600, waitingMessage: "Someone will be with you.", endsFlow: false },
        { type: "transfer", nodeId: "hand", teamId: "sales", priority: "normal", timeoutSeconds: 60, endsFlow: true },
        { type: "end", reason: "transfer_handoff", nodeId: "hand", disconnect: false },
      ],
      "chat",
    );
    expect(lines).toEqual([
      { kind: "http", nodeId: "save", text: "HTTP POST https://api.acme.example/x", detail: '{"a":1}' },
      { kind: "transfer", nodeId: "desk", text: "Transferring to team support (high priority)…", detail: "Someone will be with you." },
      { kind: "transfer", nodeId: "hand", text: "Handing over to team sales (normal priority)" },
      { kind: "end", text: "Ended: handed over to the agents (transfer_handoff)" },
    ]);
  });

  it("end reasons read as words, unknown ones by their code", () => {
    expect(endText("hangup_node")).toBe("Ended: the flow hung up (hangup_node)");
    expect(endText("something_new")).toBe("Ended (something_new)");
    expect(endText(null)).toBe("Ended");
  });
});

describe("what a collect waits for", () => {
  it("gathers name their digit range and terminator", () => {
    const gather = { type: "collect", nodeId: "acct", token: "t", mode: "digits", input: "dtmf", timeoutSeconds: 10, minDigits: 6, maxDigits: 10, terminator: "#" } satisfies SimEffect;
    expect(collectText(gather, "voice")).toBe("Waiting for 6–10 digits, end with # (times out after 10 s)");
    expect(collectText({ ...gather, minDigits: 4, maxDigits: 4, terminator: undefined }, "voice")).toBe("Waiting for 4 digits (times out after 10 s)");
  });
  it("a dtmf-only menu waits for a key", () => {
    expect(collectText({ ...menuCollect, input: "dtmf", options: [] }, "voice")).toBe("Waiting for a key (times out after 8 s)");
  });
});

describe("the caller's lines", () => {
  it("says what the caller did, naming a tapped button by its label", () => {
    expect(callerLine({ type: "digits", digits: "2" })).toEqual({ kind: "caller", text: "Pressed 2" });
    expect(callerLine({ type: "speech", text: "billing" }).text).toBe("Said “billing”");
    expect(callerLine({ type: "text", text: "hello" }).text).toBe("hello");
    expect(callerLine({ type: "button", key: "1" }, [{ key: "1", label: "Confirm" }]).text).toBe("Tapped “Confirm”");
    expect(callerLine({ type: "button", key: "9" }).text).toBe("Tapped option 9");
    expect(callerLine({ type: "timeout" }).text).toBe("No input (timeout)");
    expect(callerLine({ type: "hangup" }).text).toBe("Hung up");
    expect(callerLine({ type: "transfer_result", result: "completed" }).text).toBe("Simulated: an agent answered");
    expect(callerLine({ type: "transfer_result", result: "no_answer" }).text).toBe("Simulated: no agent answered");
  });
});

describe("steps that happened on their own", () => {
  const step = (nodeId: string, nodeType: string, outcome: string | null, seq = 1) => ({ seq, nodeId, nodeType, outcome, input: null, at: "2026-01-01T00:00:00.000Z" });
  it("timeouts are marked timed out; the rest say what the node took", () => {
    expect(
      stepLines([
        step("main_menu", "menu", "no_input"),
        step("main_menu", "menu", "timeout"),
        step("to_support", "transfer", "waiting"),
        step("to_support", "transfer", "no_answer"),
        step("lookup", "http", "failure"),
        step("check", "condition", "match:due"),
        step("all_busy", "hangup", "ended"),
      ]),
    ).toEqual([
      { kind: "step", nodeId: "main_menu", text: "Timed out at main_menu: no input, asked again", timedOut: true },
      { kind: "step", nodeId: "main_menu", text: "Timed out at main_menu: took “timeout”", timedOut: true },
      { kind: "step", nodeId: "to_support", text: "Now waiting at to_support", timedOut: false },
      { kind: "step", nodeId: "to_support", text: "Timed out at to_support: no agent answered", timedOut: true },
      { kind: "step", nodeId: "lookup", text: "lookup answered: took “failure”", timedOut: false },
      { kind: "step", nodeId: "check", text: "check took “match:due”", timedOut: false },
      { kind: "step", nodeId: "all_busy", text: "Ended at all_busy", timedOut: false },
    ]);
  });
});
