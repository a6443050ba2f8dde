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

  it("a one-key choice among fixed keys is a menu; the speech split's words become the options' words", () => {
    const keys = {
      name: "keys",
      type: "split-based-on",
      properties: { input: "{{widgets.subject.Digits}}" },
      transitions: [
        { event: "noMatch", next: "to_other" },
        { event: "match", next: "to_sales", conditions: [{ arguments: ["{{widgets.subject.Digits}}"], type: "equal_to", value: "1" }] },
        { event: "match", next: "to_support", conditions: [{ arguments: ["{{widgets.subject.Digits}}"], type: "matches_any_of", value: "2, 3" }] },
      ],
    };
    const words = {
      name: "words",
      type: "split-based-on",
      properties: { input: "{{widgets.subject.SpeechResult}}" },
      transitions: [
        { event: "noMatch", next: "to_other" },
        { event: "match", next: "to_sales", conditions: [{ arguments: ["{{widgets.subject.SpeechResult}}"], type: "contains", value: "sales" }] },
        { event: "match", next: "to_support", conditions: [{ arguments: ["{{widgets.subject.SpeechResult}}"], type: "matches_any_of", value: "support, help" }] },
      ],
    };
    const ends = ["to_other", "to_sales", "to_support"].map((name) => ({ name, type: "say-play", properties: { say: name } }));
    const transitions = [
      { event: "keypress", next: "keys" },
      { event: "speech", next: "words" },
      { event: "timeout", next: "to_other" },
    ];
    const { node, handles, issues } = importWidget("gather-input-on-call", { say: "Say sales or support, or press 1, 2 or 3", number_of_digits: 1, loop: 2 }, [], { transitions, extra: [keys, words, ...ends] });
    expect(node).toMatchObject({ type: "menu" });
    expect(node.data).toEqual({
      prompt: { text: "Say sales or support, or press 1, 2 or 3" },
      options: [
        { key: "1", label: "sales" },
        { key: "2", label: "support", say: ["help"] },
        { key: "3", label: "Option 3" },
      ],
      input: "both",
      timeoutSeconds: 5,
      maxRetries: 1,
    });
    expect(handles).toEqual({ "option:1": "keys", "option:2": "keys", "option:3": "keys", max_retries: "keys", timeout: "to_other" });
    expect(messages(issues, "error")).toEqual([]);
    expect(messages(issues, "warning")).toEqual([expect.stringContaining('"words" is no longer reached'), expect.stringContaining("becomes a menu")]);
  });
});
