import vader from "vader-sentiment";
import { describe, expect, it } from "vitest";
import { CONTACT_CENTRE_LINES, HELD_OUT_LINES, type SentimentLine } from "./fixtures/contact-centre-lines";
import { labelOf, sentiment } from "./sentiment";

const signOf = (score: number) => ({ negative: -1, neutral: 0, positive: 1 })[labelOf(score)];

describe("offline sentiment (VADER with contact-centre phrases)", () => {
  it(`gets the sign of the ${CONTACT_CENTRE_LINES.length} contact-centre lines right far more often than VADER alone`, () => {
    const missed: string[] = [];
    let right = 0;
    let vaderRight = 0;
    let hardRight = 0;
    const hard = CONTACT_CENTRE_LINES.filter((line) => line.hard === true).length;
    for (const line of CONTACT_CENTRE_LINES) {
      const scored = sentiment(line.text);
      expect(scored.score).toBeGreaterThanOrEqual(-1);
      expect(scored.score).toBeLessThanOrEqual(1);
      if (signOf(scored.score) === line.sign) {
        right++;
        if (line.hard === true) hardRight++;
      } else missed.push(`${line.sign > 0 ? "+" : line.sign < 0 ? "-" : "0"} ${scored.score.toFixed(3)} "${line.text}" [${scored.phrases.join(", ")}]`);
      if (signOf(vader.SentimentIntensityAnalyzer.polarity_scores(line.text).compound) === line.sign) vaderRight++;
    }
    const accuracy = right / CONTACT_CENTRE_LINES.length;
    const baseline = vaderRight / CONTACT_CENTRE_LINES.length;
    console.log(
      `offline sentiment: ${right}/${CONTACT_CENTRE_LINES.length} signs right (${(accuracy * 100).toFixed(1)} %; the ${hard} hard ones: ${hardRight}/${hard}); VADER alone: ${vaderRight}/${CONTACT_CENTRE_LINES.length} (${(baseline * 100).toFixed(1)} %)` +
        (missed.length === 0 ? "" : `\nmissed:\n  ${missed.join("\n  ")}`),
    );
    expect(CONTACT_CENTRE_LINES.length).toBeGreaterThanOrEqual(40);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    expect(accuracy - baseline).toBeGreaterThanOrEqual(0.3);
  });

  it(`reports its accuracy on ${HELD_OUT_LINES.length} held-out lines (never tuned on)`, () => {
    const score = (lines: SentimentLine[], analyse: (text: string) => number) => lines.filter((line) => signOf(analyse(line.text)) === line.sign).length;
    const right = score(HELD_OUT_LINES, (text) => sentiment(text).score);
    const vaderRight = score(HELD_OUT_LINES, (text) => vader.SentimentIntensityAnalyzer.polarity_scores(text).compound);
    const missed = HELD_OUT_LINES.filter((line) => signOf(sentiment(line.text).score) !== line.sign).map((line) => `${line.sign} ${sentiment(line.text).score.toFixed(3)} "${line.text}"`);
    console.log(`held out: ${right}/${HELD_OUT_LINES.length} (${((right / HELD_OUT_LINES.length) * 100).toFixed(1)} %); VADER alone: ${vaderRight}/${HELD_OUT_LINES.length}\nmissed:\n  ${missed.join("\n  ")}`);
    expect(right).toBeGreaterThan(vaderRight);
  });

  it("says which phrases counted and when it read sarcasm", () => {
    expect(sentiment("Oh great, another forty minutes on hold.")).toMatchObject({ label: "negative", sarcasm: true, phrases: ["oh great", "long wait on hold"] });
    expect(sentiment("I got my refund today, thanks!")).toMatchObject({ label: "positive", sarcasm: false, phrases: ["refund received"] });
    expect(sentiment("I want a refund.")).toMatchObject({ label: "negative", phrases: ["refund"] });
    expect(sentiment("Nobody called me back like you promised.")).toMatchObject({ label: "negative", sarcasm: true });
    expect(sentiment("")).toEqual({ score: 0, label: "neutral", phrases: [], sarcasm: false });
  });

  it("scores stronger complaints lower: a long wait below a mention of hold, both below a neutral question", () => {
    const question = sentiment("Can you check my order?").score;
    const hold = sentiment("I was put on hold.").score;
    const long = sentiment("I was put on hold for forty minutes.").score;
    expect(hold).toBeLessThan(question);
    expect(long).toBeLessThan(hold);
  });
});
