import { describe, expect, it } from "vitest";
import { importOne, messages } from "../testing";

describe("whatomate hangup", () => {
  it("has an optional goodbye prompt", () => {
    expect(importOne("hangup", { audio_file: "bye.wav" }).node.data).toEqual({ prompt: { audio: "bye.wav" } });
    expect(importOne("hangup", { message: "Bye" }).node.data).toEqual({ prompt: { text: "Bye" } });
    const silent = importOne("hangup", {});
    expect(silent.node.data).toEqual({});
    expect(silent.issues).toEqual([]);
  });

  it("drops outgoing edges: a hang-up ends the flow", () => {
    const { edges, issues } = importOne("hangup", {}, ["default"]);
    expect(edges).toEqual([]);
    expect(messages(issues, "error")).toEqual([expect.stringContaining("ends the flow")]);
  });
});
