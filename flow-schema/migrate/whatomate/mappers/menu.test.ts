import { describe, expect, it } from "vitest";
import { importOne, messages, targetOf } from "../testing";

const options = { "1": { label: "Sales" }, "2": { label: "Support" }, "3": "Billing" };

describe("whatomate menu", () => {
  it("maps options keyed by digit, timeout_seconds and max_retries", () => {
    const { node, issues } = importOne("menu", { audio_file: "menu.wav", timeout_seconds: 8, max_retries: 2, options });
    expect(node.data).toEqual({
      prompt: { audio: "menu.wav" },
      options: [
        { key: "1", label: "Sales" },
        { key: "2", label: "Support" },
        { key: "3", label: "Billing" },
      ],
      input: "dtmf",
      timeoutSeconds: 8,
      maxRetries: 2,
    });
    expect(issues).toEqual([]);
  });

  it("keeps Whatomate's defaults (10 s, 3 retries) when they are left out", () => {
    expect(importOne("menu", { text: "Choose", options }).node.data).toMatchObject({ timeoutSeconds: 10, maxRetries: 3 });
  });

  it("maps digit:N, timeout and max_retries to option:N, timeout and max_retries", () => {
    const { handles } = importOne("menu", { text: "Choose", options }, ["digit:1", "DIGIT:2", "timeout", "max_retries"]);
    expect(handles).toEqual({
      "option:1": targetOf("digit:1"),
      "option:2": targetOf("DIGIT:2"),
      timeout: targetOf("timeout"),
      max_retries: targetOf("max_retries"),
    });
  });

  it("takes the label from text when an option has no label, else numbers it", () => {
    const { node, issues } = importOne("menu", { text: "Choose", options: { "1": { text: "Sales desk" }, "2": {} } });
    expect(node.data).toMatchObject({ options: [{ key: "1", label: "Sales desk" }, { key: "2", label: "Option 2" }] });
    expect(messages(issues)).toEqual([expect.stringContaining('"Option 2" is used')]);
  });

  it("drops keys outside 0-9, * and #, and the edges that used them", () => {
    const { node, handles, issues } = importOne("menu", { text: "Choose", options: { "1": "One", "10": "Ten", "*": "Star", "a": "A" } }, [
      "digit:10",
      "digit:*",
    ]);
    expect(node.data).toMatchObject({ options: [{ key: "1" }, { key: "*" }] });
    expect(handles).toEqual({ "option:*": targetOf("digit:*") });
    expect(issues.filter((issue) => issue.severity === "error").map((issue) => issue.path)).toEqual([
      "/nodes/0/config/options/10",
      "/nodes/0/config/options/a",
      "/edges/0/condition",
    ]);
  });

  it("clamps numbers out of range and reports it", () => {
    const { node, issues } = importOne("menu", { text: "Choose", options, timeout_seconds: 120, max_retries: -1 });
    expect(node.data).toMatchObject({ timeoutSeconds: 60, maxRetries: 0 });
    expect(messages(issues)).toHaveLength(2);
  });

  it("is replaced by a hang-up when no option survives", () => {
    const { node, issues } = importOne("menu", { text: "Choose", options: { "99": "Nope" } });
    expect(node).toMatchObject({ type: "hangup", label: "Could not import: menu", data: {} });
    expect(messages(issues, "error")).toEqual([expect.stringContaining('"99"'), expect.stringContaining("could not be converted")]);
  });
});
