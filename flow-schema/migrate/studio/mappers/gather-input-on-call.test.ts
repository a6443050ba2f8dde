import { describe, expect, it } from "vitest";
import { importWidget, messages, targetOf } from "../testing";

describe("Studio gather-input-on-call", () => {
  it("maps a Studio export's loosely typed properties to a gather", () => {
    const { node, handles, issues } = importWidget(
      "gather-input-on-call",
      {
        say: "Enter your PIN",
        voice: "Polly.Joanna",
        language: "en-GB",
        number_of_digits: "4",
        finish_on_key: "*",
        timeout: "7",
        loop: "3",
        speech_timeout: "auto",
        stop_gather: "true",
        profanity_filter: "true",
        gather_language: "en",
      },
      ["keypress", "timeout"],
    );
    expect(node).toMatchObject({ type: "gather", label: "subject", position: { x: 10, y: 20 } });
    expect(node.data).toEqual({
      prompt: { text: "Enter your PIN", voice: "Polly.Joanna", language: "en-GB" },
      minDigits: 1,
      maxDigits: 4,
      terminator: "*",
      timeoutSeconds: 7,
      maxRetries: 2,
      storeAs: "subject",
    });
    expect(handles).toEqual({ next: targetOf("keypress"), timeout: targetOf("timeout") });
    expect(issues).toEqual([]);
  });

  it("reports the speech transition it cannot follow, and the speech settings with it", () => {
    const { handles, issues } = importWidget("gather-input-on-call", { say: "Say or press", hints: "sales, support" }, ["keypress", "speech"]);
    expect(handles).toEqual({ next: targetOf("keypress") });
    expect(issues.map((issue) => [issue.severity, issue.path])).toEqual([
      ["warning", "/states/1/properties/hints"],
      ["error", "/states/1/transitions/1/event"],
    ]);
  });

  it("takes any number of digits without number_of_digits, and reports a play URL and an unknown finish key", () => {
    const { node, issues } = importWidget("gather-input-on-call", { play: "https://example.com/menu.mp3", finish_on_key: "0" });
    expect(node.data).toMatchObject({ prompt: { text: "subject" }, maxDigits: 64, terminator: "#" });
    expect(messages(issues, "error")).toEqual([expect.stringContaining("audio library")]);
    expect(issues.map((issue) => issue.path)).toEqual(["/states/1/properties/play", "/states/1/properties/finish_on_key"]);
  });
});
