import { describe, expect, it } from "vitest";
import { offlineInsights } from "./offline-insights";

const NOW = new Date("2026-12-07T12:00:00Z");

describe("offlineInsights", () => {
  it("summarises a billing complaint, scores the customer negative and finds what they gave", () => {
    const insights = offlineInsights(
      [
        { from: "customer", text: "Hi. I was charged twice for my order, $42.50 each time!" },
        { from: "agent", text: "Sorry about that. Can I have your email?" },
        { from: "customer", text: "dana@acme.test, and I have been on hold for forty minutes" },
        { from: "agent", text: "I have refunded the second charge; it arrives by tomorrow." },
        { from: "customer", text: "ok" },
      ],
      NOW,
    );
    expect(insights.summary).toContain("charged twice");
    expect(insights.sentimentLabel).toBe("negative");
    expect(insights.sentiment).toBeLessThan(-0.05);
    expect(insights.fields.emails).toEqual(["dana@acme.test"]);
    expect(insights.fields.amounts).toMatchObject([{ value: 42.5, currency: "USD" }]);
    // The agent's "tomorrow" is not something the customer gave.
    expect(insights.fields.dates).toEqual([]);
  });

  it("scores a happy customer positive", () => {
    const insights = offlineInsights([{ from: "customer", text: "Thank you so much, that was really helpful, great service!" }], NOW);
    expect(insights.sentimentLabel).toBe("positive");
    expect(insights.sentiment).toBeGreaterThan(0.5);
  });

  it("has no score when the customer said nothing, and an empty summary for small talk only", () => {
    expect(offlineInsights([{ from: "agent", text: "Hello?" }], NOW)).toEqual({ summary: "", sentiment: null, sentimentLabel: null, fields: { emails: [], phones: [], amounts: [], dates: [] } });
  });
});
