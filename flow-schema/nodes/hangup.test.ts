import { describe, expect, it } from "vitest";
import { handlesOf, issuePaths } from "../validate/fixtures/schema-helpers";
import { HangupData, hangupNode } from "./hangup";

describe("hangup node", () => {
  it("has a starter that parses", () => {
    expect(HangupData.safeParse(hangupNode.starter()).success).toBe(true);
  });

  it("needs no goodbye", () => {
    expect(HangupData.parse({})).toEqual({});
  });

  it("offers no handles and is terminal", () => {
    expect(handlesOf(hangupNode, {})).toEqual([]);
    expect(hangupNode.terminal).toBe(true);
    expect(hangupNode.waitsForInput).toBe(false);
  });

  it.each([
    ["a goodbye with neither text nor audio", { prompt: {} }, "prompt.text"],
    ["a goodbye that is a plain string", { prompt: "Bye" }, "prompt"],
    ["an unknown key", { reason: "done" }, ""],
  ])("refuses %s", (_name, input, path) => {
    expect(issuePaths(HangupData, input)).toContain(path);
  });

  it("runs anywhere without a goodbye, and on voice only with an audio-only goodbye", () => {
    expect(hangupNode.channels(HangupData.parse({}))).toEqual(["voice", "chat"]);
    expect(hangupNode.channels(HangupData.parse({ prompt: { audio: "bye.wav" } }))).toEqual(["voice"]);
  });
});
