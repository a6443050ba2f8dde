import { describe, expect, it } from "vitest";
import { importOne, messages, targetOf } from "../testing";

describe("whatomate gather", () => {
  it("maps digits, terminator, timing and store_as", () => {
    const config = { audio_file: "pin.wav", min_digits: 4, max_digits: 6, terminator: "*", timeout_seconds: 7, max_retries: 1, store_as: "pin" };
    const { node, issues } = importOne("gather", config);
    expect(node.data).toEqual({
      prompt: { audio: "pin.wav" },
      minDigits: 4,
      maxDigits: 6,
      terminator: "*",
      timeoutSeconds: 7,
      maxRetries: 1,
      storeAs: "pin",
    });
    expect(issues).toEqual([]);
  });

  it("follows default on success (next), and timeout and max_retries", () => {
    const { handles, issues } = importOne("gather", { text: "PIN", store_as: "pin" }, ["default", "timeout", "max_retries"]);
    expect(handles).toEqual({ next: targetOf("default"), timeout: targetOf("timeout"), max_retries: targetOf("max_retries") });
    expect(issues).toEqual([]);
  });

  it("defaults like Whatomate: 10 digits, # terminator", () => {
    expect(importOne("gather", { text: "PIN", store_as: "pin" }).node.data).toMatchObject({ minDigits: 1, maxDigits: 10, terminator: "#" });
  });

  it("makes store_as a valid variable name, or invents one, and reports it", () => {
    const renamed = importOne("gather", { text: "PIN", store_as: "account-number" });
    expect(renamed.node.data).toMatchObject({ storeAs: "account_number" });
    expect(messages(renamed.issues)).toEqual([expect.stringContaining("vars.account_number")]);
    const missing = importOne("gather", { text: "PIN" });
    expect(missing.node.data).toMatchObject({ storeAs: "subject_digits" });
    expect(messages(missing.issues)).toEqual([expect.stringContaining("has no store_as")]);
  });

  it("repairs min_digits above max_digits and an unknown terminator", () => {
    const { node, issues } = importOne("gather", { text: "PIN", store_as: "pin", min_digits: 8, max_digits: 4, terminator: "0" });
    expect(node.data).toMatchObject({ minDigits: 4, maxDigits: 4, terminator: "#" });
    expect(messages(issues)).toHaveLength(2);
  });
});
