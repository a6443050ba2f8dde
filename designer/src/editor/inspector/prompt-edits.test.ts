import { describe, expect, it } from "vitest";
import { previewText, promptWith } from "./prompt-edits";

describe("promptWith", () => {
  it("drops empty optional fields and keeps the field order", () => {
    expect(promptWith({ text: "Hi", voice: "x" }, { voice: "" })).toEqual({ text: "Hi" });
    expect(Object.keys(promptWith({ language: "en-US", text: "Hi" }, { audio: "a1" }))).toEqual(["text", "audio", "language"]);
    expect(promptWith({ text: "Hi" }, { text: "" })).toEqual({ text: "" });
  });
});

describe("previewText", () => {
  it("reads placeholders as words", () => {
    expect(previewText("Your account {{ vars.account_number }} is due.")).toBe("Your account account number is due.");
  });
});
