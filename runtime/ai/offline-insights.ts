import { detectFields, type DetectedFields } from "./detect-fields";
import { extractiveSummary, type SummaryMessage } from "./extractive-summary";
import { type SentimentLabel, sentiment } from "./sentiment";

export interface OfflineInsights {
  /** The extractive summary (empty when nothing but small talk was said). */
  summary: string;
  /** The customer's lines' sentiment −1..1, rounded to 4 places; null when the customer said nothing. */
  sentiment: number | null;
  sentimentLabel: SentimentLabel | null;
  /** What the customer gave: emails, phone numbers, amounts, dates. */
  fields: DetectedFields;
}

/**
 * What a conversation was about, with no model (runtime/ai): the extractive summary of all its
 * lines, the sentiment of the customer's lines together (one score for the conversation, so a
 * complaint then "thanks, bye" stays a complaint only as far as VADER weighs it), and the fields
 * the customer gave. `now` resolves relative dates ("tomorrow").
 */
export function offlineInsights(lines: readonly SummaryMessage[], now: Date = new Date()): OfflineInsights {
  const customer = lines.filter((line) => line.from === "customer").map((line) => line.text.trim()).filter((text) => text !== "");
  const text = customer.map((line) => (/[.!?]$/.test(line) ? line : `${line}.`)).join(" ");
  const scored = customer.length === 0 ? undefined : sentiment(text);
  return {
    summary: extractiveSummary(lines),
    sentiment: scored === undefined ? null : Math.round(scored.score * 10_000) / 10_000,
    sentimentLabel: scored?.label ?? null,
    fields: detectFields(customer.join("\n"), now),
  };
}
