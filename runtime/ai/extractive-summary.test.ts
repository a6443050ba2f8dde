import { describe, expect, it } from "vitest";
import { extractiveSummary, type SummaryMessage } from "./extractive-summary";

const billing: SummaryMessage[] = [
  { from: "customer", text: "Hi there." },
  { from: "customer", text: "I was charged twice for my March bill, 42.50 euros each time." },
  { from: "bot", text: "Thanks! One moment, I'm connecting you to the billing team." },
  { from: "agent", text: "Hello, this is Sam from billing." },
  { from: "agent", text: "I can see two charges of 42.50 euros for the March bill on your card." },
  { from: "customer", text: "Yes, that's the problem. I only have one account with you." },
  { from: "agent", text: "I have refunded the second charge of 42.50 euros. It will reach your card in 3 to 5 days." },
  { from: "customer", text: "Great, thank you so much!" },
  { from: "agent", text: "You're welcome, have a nice day." },
];

describe("extractiveSummary", () => {
  it("keeps why the customer got in touch and what was done about it, in order, without the small talk", () => {
    const summary = extractiveSummary(billing);
    console.log(`summary: ${summary}`);
    expect(summary.startsWith("Customer: I was charged twice for my March bill, 42.50 euros each time.")).toBe(true);
    expect(summary).toContain("Agent: I have refunded the second charge of 42.50 euros.");
    expect(summary).not.toMatch(/Hi there|thank you so much|have a nice day|this is Sam/);
    expect(summary.split(/(?=Customer: |Agent: |Bot: )/)).toHaveLength(3);
    // Every sentence comes from the conversation, as written.
    for (const sentence of summary.split(/(?=Customer: |Agent: |Bot: )/)) expect(billing.some((message) => message.text.includes(sentence.replace(/^\w+: /, "").trim()))).toBe(true);
  });

  it("gives as many sentences as asked, the reason first", () => {
    expect(extractiveSummary(billing, { maxSentences: 1 })).toBe("Customer: I was charged twice for my March bill, 42.50 euros each time.");
    expect(extractiveSummary(billing, { maxSentences: 5 }).split(/(?=Customer: |Agent: |Bot: )/)).toHaveLength(5);
  });

  it("is empty for a conversation of small talk only, and the same every time", () => {
    expect(extractiveSummary([{ from: "customer", text: "Hello!" }, { from: "agent", text: "Hi, how can I help?" }, { from: "customer", text: "Thanks, bye." }])).toBe("");
    expect(extractiveSummary([])).toBe("");
    expect(extractiveSummary(billing)).toBe(extractiveSummary(billing));
  });
});
