import { describe, expect, it } from "vitest";
import { handlesOf, issueMessages, issuePaths } from "../validate/fixtures/schema-helpers";
import { MenuData, menuNode } from "./menu";

const prompt = { text: "Press 1 for sales, 2 for support." };
const options = [
  { key: "1", label: "Sales" },
  { key: "2", label: "Support" },
];

describe("menu node", () => {
  it("fills in the defaults: dtmf input, 10 second timeout, 3 retries", () => {
    expect(MenuData.parse({ prompt, options })).toEqual({ prompt, options, input: "dtmf", timeoutSeconds: 10, maxRetries: 3 });
  });

  it("keeps what the author set", () => {
    const data = MenuData.parse({ prompt, options, input: "both", timeoutSeconds: 8, maxRetries: 0 });
    expect(data).toMatchObject({ input: "both", timeoutSeconds: 8, maxRetries: 0 });
  });

  it("has a starter that parses and offers its options", () => {
    expect(handlesOf(menuNode, menuNode.starter())).toEqual(["option:1", "option:2", "timeout", "max_retries"]);
  });

  it("offers one handle per option, in order, then timeout and max_retries", () => {
    const data = MenuData.parse({ prompt, options: [{ key: "*", label: "Operator" }, { key: "0", label: "Repeat" }, { key: "#", label: "Back" }] });
    expect(menuNode.outputs(data)).toEqual([
      { id: "option:*", label: "* · Operator" },
      { id: "option:0", label: "0 · Repeat" },
      { id: "option:#", label: "# · Back" },
      { id: "timeout", label: "No input" },
      { id: "max_retries", label: "Too many tries" },
    ]);
  });

  it("waits for input and is not terminal", () => {
    expect(menuNode.waitsForInput).toBe(true);
    expect(menuNode.terminal).toBe(false);
  });

  it("needs only one of timeout and max_retries connected", () => {
    expect(menuNode.optionalHandle("timeout", new Set(["max_retries"]))).toBe(true);
    expect(menuNode.optionalHandle("max_retries", new Set(["timeout"]))).toBe(true);
    expect(menuNode.optionalHandle("timeout", new Set(["option:1"]))).toBe(false);
    expect(menuNode.optionalHandle("option:2", new Set(["timeout", "max_retries"]))).toBe(false);
  });

  it("refuses a key used by two options, pointing at the second", () => {
    const bad = { prompt, options: [{ key: "1", label: "Sales" }, { key: "1", label: "Support" }] };
    expect(issuePaths(MenuData, bad)).toEqual(["options.1.key"]);
    expect(issueMessages(MenuData, bad)[0]).toContain("key 1");
  });

  it.each([
    ["key A", { prompt, options: [{ key: "A", label: "Sales" }] }, "options.0.key"],
    ["key 10", { prompt, options: [{ key: "10", label: "Sales" }] }, "options.0.key"],
    ["a blank label", { prompt, options: [{ key: "1", label: "  " }] }, "options.0.label"],
    ["no options", { prompt, options: [] }, "options"],
    ["13 options", { prompt, options: Array.from({ length: 13 }, (_, i) => ({ key: String(i % 10), label: `o${i}` })) }, "options"],
    ["no prompt", { options }, "prompt"],
    ["a prompt with neither text nor audio", { prompt: {}, options }, "prompt.text"],
    ["a prompt whose text is only spaces", { prompt: { text: "   " }, options }, "prompt.text"],
    ["an unknown input", { prompt, options, input: "keypad" }, "input"],
    ["a timeout of 0", { prompt, options, timeoutSeconds: 0 }, "timeoutSeconds"],
    ["a timeout of 61", { prompt, options, timeoutSeconds: 61 }, "timeoutSeconds"],
    ["a fractional timeout", { prompt, options, timeoutSeconds: 2.5 }, "timeoutSeconds"],
    ["11 retries", { prompt, options, maxRetries: 11 }, "maxRetries"],
    ["an unknown key (schemas are strict)", { prompt, options, repeat: true }, ""],
    ["an unknown key in an option", { prompt, options: [{ key: "1", label: "Sales", value: 1 }] }, "options.0"],
    ["an unknown key in the prompt", { prompt: { text: "Hi", speed: 2 }, options }, "prompt"],
  ])("refuses %s", (_name, input, path) => {
    expect(issuePaths(MenuData, input)).toContain(path);
  });

  it("runs on voice only when its prompt is audio without text", () => {
    expect(menuNode.channels(MenuData.parse({ prompt: { audio: "menu.wav" }, options }))).toEqual(["voice"]);
    expect(menuNode.channels(MenuData.parse({ prompt, options }))).toEqual(["voice", "chat"]);
  });

  it("lists the templates of all its prompts with their pointers", () => {
    const data = MenuData.parse({ prompt, options, invalidPrompt: { text: "Sorry." }, noInputPrompt: { audio: "silence.wav" } });
    expect(menuNode.templates(data)).toEqual([
      { pointer: "/prompt/text", template: prompt.text },
      { pointer: "/invalidPrompt/text", template: "Sorry." },
    ]);
  });

  it("refuses a word that would match two options", () => {
    expect(issuePaths(MenuData, { prompt, options: [{ key: "1", label: "Sales" }, { key: "2", label: "Support", say: ["sales!"] }] })).toEqual([
      "options.1.say.0",
    ]);
  });

  it("lets an option repeat its own label among its keywords", () => {
    expect(MenuData.safeParse({ prompt, options: [{ key: "1", label: "Sales", say: ["sales", "buy"] }] }).success).toBe(true);
  });
});
