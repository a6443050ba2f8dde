import { describe, expect, it } from "vitest";
import { handlesOf, issuePaths } from "../validate/fixtures/schema-helpers";
import { GreetingData, greetingNode } from "./greeting";

describe("greeting node", () => {
  it("fills in the default: not interruptible", () => {
    expect(GreetingData.parse({ prompt: { text: "Welcome." } })).toEqual({ prompt: { text: "Welcome." }, interruptible: false });
  });

  it("has a starter that parses", () => {
    expect(handlesOf(greetingNode, greetingNode.starter())).toEqual(["next"]);
  });

  it("offers next, does not wait and is not terminal", () => {
    expect(handlesOf(greetingNode, { prompt: { audio: "welcome.wav" } })).toEqual(["next"]);
    expect(greetingNode.waitsForInput).toBe(false);
    expect(greetingNode.terminal).toBe(false);
  });

  it("accepts text, audio, or both, with a voice and a language", () => {
    for (const prompt of [{ text: "Hi" }, { audio: "hi.wav" }, { text: "Hi", audio: "hi.wav", voice: "Polly.Joanna", language: "en-US" }]) {
      expect(GreetingData.safeParse({ prompt }).success, JSON.stringify(prompt)).toBe(true);
    }
  });

  it.each([
    ["no prompt", {}, "prompt"],
    ["a prompt with neither text nor audio", { prompt: {} }, "prompt.text"],
    ["a prompt with only a voice", { prompt: { voice: "Polly.Joanna" } }, "prompt.text"],
    ["a prompt whose text is empty", { prompt: { text: "" } }, "prompt.text"],
    ["an empty audio id", { prompt: { audio: "" } }, "prompt.audio"],
    ["a language that is not a BCP 47 tag", { prompt: { text: "Hi", language: "English" } }, "prompt.language"],
    ["interruptible as text", { prompt: { text: "Hi" }, interruptible: "yes" }, "interruptible"],
    ["an unknown key in the prompt", { prompt: { text: "Hi", ssml: "<speak/>" } }, "prompt"],
    ["an unknown key", { prompt: { text: "Hi" }, delay: 1 }, ""],
  ])("refuses %s", (_name, input, path) => {
    expect(issuePaths(GreetingData, input)).toContain(path);
  });

  it("runs on voice only when it has audio without text", () => {
    expect(greetingNode.channels(GreetingData.parse({ prompt: { audio: "hi.wav" } }))).toEqual(["voice"]);
    expect(greetingNode.channels(GreetingData.parse({ prompt: { text: "Hi", audio: "hi.wav" } }))).toEqual(["voice", "chat"]);
  });

  it("reads its prompt text as a template", () => {
    expect(greetingNode.templates(GreetingData.parse({ prompt: { text: "Hi {{vars.name}}" } }))).toEqual([{ pointer: "/prompt/text", template: "Hi {{vars.name}}" }]);
  });
});
