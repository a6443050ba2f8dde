import { describe, expect, it } from "vitest";
import { MAX_SUMMARY_LENGTH, readSummary, readSummaryAnswer, transcriptText } from "./conversation-summary";

describe("a provider's conversation summary", () => {
  it("is kept as one plain paragraph: no fence, no 'Summary:' label, no wrapping quotes", () => {
    expect(readSummary("```\nSummary: The customer asked for a refund.\n\nThe agent refunded it.\n```")).toBe("The customer asked for a refund. The agent refunded it.");
    expect(readSummary('**Summary**: "Parcel 1042 is late; a new one is sent."')).toBe("Parcel 1042 is late; a new one is sent.");
    expect(readSummary("  \n ")).toBe("");
  });

  it("comes with the customer's sentiment when the model answers the JSON asked; a score outside −1..1 is left out", () => {
    expect(readSummaryAnswer('```json\n{"summary": "Refund given.", "sentiment": -0.4}\n```')).toEqual({ summary: "Refund given.", sentiment: -0.4 });
    expect(readSummaryAnswer('{"summary": "Refund given.", "sentiment": 7}')).toEqual({ summary: "Refund given.", sentiment: null });
    expect(readSummaryAnswer('{"summary": "Refund given.", "sentiment": "bad"}')).toEqual({ summary: "Refund given.", sentiment: null });
    expect(readSummaryAnswer("Summary: Refund given {quickly}.")).toEqual({ summary: "Refund given {quickly}.", sentiment: null });
  });

  it("is cut at 1,200 characters with an ellipsis", () => {
    const long = readSummary("word ".repeat(400));
    expect(long).toHaveLength(MAX_SUMMARY_LENGTH);
    expect(long.endsWith("…")).toBe(true);
  });

  it("reads the conversation's end when it is long, whole lines only, each labelled by who said it", () => {
    const lines = Array.from({ length: 50 }, (_, index) => ({ from: index % 2 === 0 ? ("customer" as const) : ("agent" as const), text: `message ${index}  with   spaces` }));
    const text = transcriptText([...lines, { from: "bot", text: "Goodbye." }], 200);
    const kept = text.split("\n");
    expect(kept.at(-1)).toBe("Bot: Goodbye.");
    expect(kept.at(-2)).toBe("Agent: message 49 with spaces");
    expect(text.length).toBeLessThanOrEqual(200);
    expect(kept.every((line) => /^(Customer|Agent|Bot): /.test(line))).toBe(true);
    expect(transcriptText([{ from: "customer", text: "x".repeat(500) }], 100)).toHaveLength(100);
  });
});
