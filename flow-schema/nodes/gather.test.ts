import { describe, expect, it } from "vitest";
import { handlesOf, issuePaths } from "../validate/fixtures/schema-helpers";
import { GatherData, gatherNode } from "./gather";

const prompt = { text: "Enter your account number, then press hash." };

describe("gather node", () => {
  it("fills in the defaults: 1 to 10 digits, # ends the input, 10 s timeout, 3 retries", () => {
    expect(GatherData.parse({ prompt, storeAs: "account_number" })).toEqual({
      prompt,
      storeAs: "account_number",
      minDigits: 1,
      maxDigits: 10,
      terminator: "#",
      timeoutSeconds: 10,
      maxRetries: 3,
    });
  });

  it("accepts no terminator and an exact length", () => {
    expect(GatherData.parse({ prompt, storeAs: "pin", minDigits: 4, maxDigits: 4, terminator: "" })).toMatchObject({ minDigits: 4, maxDigits: 4, terminator: "" });
  });

  it("has a starter that parses", () => {
    expect(handlesOf(gatherNode, gatherNode.starter())).toEqual(["next", "timeout", "max_retries"]);
  });

  it("offers next, timeout and max_retries, waits for input and is not terminal", () => {
    expect(handlesOf(gatherNode, { prompt, storeAs: "x" })).toEqual(["next", "timeout", "max_retries"]);
    expect(gatherNode.waitsForInput).toBe(true);
    expect(gatherNode.terminal).toBe(false);
    expect(gatherNode.optionalHandle("timeout", new Set(["max_retries"]))).toBe(true);
    expect(gatherNode.optionalHandle("next", new Set(["timeout", "max_retries"]))).toBe(false);
  });

  it("sets the variable it stores into", () => {
    expect(gatherNode.writes(GatherData.parse({ prompt, storeAs: "account_number" }))).toEqual(["account_number"]);
  });

  it("hands its pattern to the regular-expression check", () => {
    expect(gatherNode.patterns(GatherData.parse({ prompt, storeAs: "x", pattern: "^\\d{6}$" }))).toEqual([{ pointer: "/pattern", pattern: "^\\d{6}$" }]);
    expect(gatherNode.patterns(GatherData.parse({ prompt, storeAs: "x" }))).toEqual([]);
  });

  it.each([
    ["minDigits over maxDigits", { prompt, storeAs: "x", minDigits: 6, maxDigits: 4 }, "minDigits"],
    ["minDigits over the default maxDigits", { prompt, storeAs: "x", minDigits: 11 }, "minDigits"],
    ["no storeAs", { prompt }, "storeAs"],
    ["a storeAs with a space", { prompt, storeAs: "account number" }, "storeAs"],
    ["a storeAs starting with a digit", { prompt, storeAs: "1st" }, "storeAs"],
    ["a storeAs written as a template", { prompt, storeAs: "{{vars.x}}" }, "storeAs"],
    ["no prompt", { storeAs: "x" }, "prompt"],
    ["a prompt with neither text nor audio", { prompt: { voice: "Polly.Joanna" }, storeAs: "x" }, "prompt.text"],
    ["minDigits 0", { prompt, storeAs: "x", minDigits: 0 }, "minDigits"],
    ["maxDigits 65", { prompt, storeAs: "x", maxDigits: 65 }, "maxDigits"],
    ["terminator A", { prompt, storeAs: "x", terminator: "A" }, "terminator"],
    ["an empty pattern", { prompt, storeAs: "x", pattern: "" }, "pattern"],
    ["a timeout of 61", { prompt, storeAs: "x", timeoutSeconds: 61 }, "timeoutSeconds"],
    ["an unknown key", { prompt, storeAs: "x", digits: 4 }, ""],
  ])("refuses %s", (_name, input, path) => {
    expect(issuePaths(GatherData, input)).toContain(path);
  });
});
