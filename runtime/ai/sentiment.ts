import vader from "vader-sentiment";
import { CONTACT_CENTRE_PHRASES, NEUTRAL_REWRITES, SARCASM_MARKERS } from "./contact-centre-phrases";

export type SentimentLabel = "negative" | "neutral" | "positive";

export interface Sentiment {
  /** −1 (very negative) … 1 (very positive): VADER's compound score with the contact-centre phrases added. */
  score: number;
  /** Below −0.05 negative, above 0.05 positive (VADER's thresholds). */
  label: SentimentLabel;
  /** The contact-centre phrases that counted (their names), in the order found. */
  phrases: string[];
  /** Whether the positive words were read as sarcasm (turned negative). */
  sarcasm: boolean;
}

/** VADER's normalisation constant: compound = sum / √(sum² + α). */
const ALPHA = 15;
const toSum = (compound: number): number => {
  const c = Math.max(-0.9999, Math.min(0.9999, compound));
  return c * Math.sqrt(ALPHA / (1 - c * c));
};
const toCompound = (sum: number): number => sum / Math.sqrt(sum * sum + ALPHA);

export const labelOf = (score: number): SentimentLabel => (score <= -0.05 ? "negative" : score >= 0.05 ? "positive" : "neutral");

/**
 * Offline sentiment of one line (or a conversation's text), with no model: VADER (the
 * `vader-sentiment` package, its lexicon shipped inside) on the text with polite fillers made
 * neutral ("I'd like to", "please", "hold on"), plus the valence of contact-centre phrases VADER
 * does not know ("forty minutes on hold", "speak to a human", "charged twice", "got my refund"),
 * on VADER's own scale. When the line complains (or carries a sarcasm marker such as "oh great",
 * "thanks for nothing") its positive words count against it.
 */
export function sentiment(text: string): Sentiment {
  let rest = ` ${text.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, " ")} `;
  const phrases: string[] = [];
  let sarcasm = false;
  let sum = 0;
  for (const marker of SARCASM_MARKERS) {
    if (!marker.pattern.test(rest)) continue;
    sarcasm = true;
    phrases.push(marker.name);
    sum += marker.valence;
    rest = rest.replace(marker.pattern, " ");
  }
  let complaint = false;
  for (const phrase of CONTACT_CENTRE_PHRASES) {
    const found = rest.match(phrase.pattern);
    if (found === null) continue;
    phrases.push(phrase.name);
    sum += phrase.valence;
    if (phrase.valence <= -1.5) complaint = true;
    // A phrase counts once and its words are not read again ("got my refund" is not "refund").
    rest = rest.replace(phrase.pattern, " ");
  }
  for (const [pattern, replacement] of NEUTRAL_REWRITES) rest = rest.replace(pattern, replacement);
  let base = toSum(vader.SentimentIntensityAnalyzer.polarity_scores(rest.trim()).compound);
  if (base > 0 && (sarcasm || complaint)) {
    sarcasm = true;
    base = -base / 2;
  }
  const score = Number(toCompound(base + sum).toFixed(4));
  return { score, label: labelOf(score), phrases, sarcasm };
}
