import { describe, expect, it } from "vitest";
import { importOne, messages, targetOf } from "../testing";

describe("whatomate greeting", () => {
  it("maps audio_file to prompt.audio and interruptible, and default to next", () => {
    const { node, handles, issues } = importOne("greeting", { audio_file: "welcome.wav", interruptible: true }, ["default"]);
    expect(node).toEqual({
      id: "subject",
      type: "greeting",
      label: "Subject",
      position: { x: 0, y: 0 },
      data: { prompt: { audio: "welcome.wav" }, interruptible: true },
    });
    expect(handles).toEqual({ next: targetOf("default") });
    expect(issues).toEqual([]);
  });

  it.each(["text", "tts_text", "message", "prompt"])("reads text from %s, with placeholders rewritten", (key) => {
    const { node } = importOne("greeting", { [key]: "Hello {{caller_phone}}" });
    expect(node.data).toEqual({ prompt: { text: "Hello {{caller.phone}}" }, interruptible: false });
  });

  it("keeps audio and text together", () => {
    const { node } = importOne("greeting", { audio_file: "hi.wav", text: "Hi" });
    expect(node.data).toMatchObject({ prompt: { audio: "hi.wav", text: "Hi" } });
  });

  it("uses the label as text when there is nothing to say, and reports it", () => {
    const { node, issues } = importOne("greeting", { audio_file: "" });
    expect(node.data).toMatchObject({ prompt: { text: "Subject" } });
    expect(issues).toEqual([
      expect.objectContaining({ severity: "warning", nodeId: "subject", path: "/nodes/0/config/audio_file", message: expect.stringContaining("replace it") }),
    ]);
  });

  it("ignores a value of the wrong type and reports it", () => {
    const { node, issues } = importOne("greeting", { text: "Hi", interruptible: "yes" });
    expect(node.data).toMatchObject({ interruptible: false });
    expect(messages(issues)).toEqual([expect.stringContaining("interruptible should be true or false")]);
  });

  it("drops conditions a greeting does not have", () => {
    const { handles, issues } = importOne("greeting", { text: "Hi" }, ["digit:1"]);
    expect(handles).toEqual({});
    expect(messages(issues, "error")).toEqual([expect.stringContaining('has no outcome "digit:1"')]);
  });
});
