import { z } from "zod";
import { INSIGHT_ENGINES, SENTIMENT_LABELS } from "../../drizzle/insight-enums";
import type { InsightsRecord } from "../store/conversation-insights-repo";

/** What a closed conversation was about, as agents and integrators see it (REST and the console). */
export const InsightsView = z
  .object({
    summary: z.string().describe("The conversation in a few sentences, who said each; empty when only small talk was exchanged"),
    sentiment: z.number().min(-1).max(1).nullable().describe("The customer's sentiment, −1 (angry) .. 1 (happy); null when the customer said nothing"),
    sentimentLabel: z.enum(SENTIMENT_LABELS).nullable(),
    fields: z
      .object({
        emails: z.array(z.string()),
        phones: z.array(z.object({ text: z.string(), number: z.string() })),
        amounts: z.array(z.object({ text: z.string(), value: z.number(), currency: z.string().nullable() })),
        dates: z.array(z.object({ text: z.string(), date: z.string().nullable() })),
      })
      .describe("What the customer gave: emails, phone numbers, amounts (with currency), dates (YYYY-MM-DD)"),
    engine: z.enum(INSIGHT_ENGINES).describe("offline: extractive summary and VADER here; provider: the AI provider `providerName` wrote the summary"),
    providerName: z.string().nullable(),
    messageCount: z.number().int().describe("How many messages it was made from"),
    createdAt: z.string().describe("ISO 8601, UTC: when the conversation (last) closed"),
  })
  .meta({ id: "ConversationInsights" });
export type InsightsView = z.infer<typeof InsightsView>;

export function insightsView(record: InsightsRecord): InsightsView {
  const { conversationId: _, createdAt, ...rest } = record;
  return { ...rest, createdAt: new Date(createdAt).toISOString() };
}
