import type { Effect } from "../../engine/index";

type CollectEffect = Extract<Effect, { type: "collect" }>;

/** What a key did to the entry being collected. */
export type DigitOutcome =
  | { kind: "more" }
  /** The entry is complete: send it as one `digits` event (a menu's key; a gather's keys up to the terminator or maxDigits). */
  | { kind: "complete"; digits: string };

/**
 * The keys of one `collect` on a call, as the Twilio `<Gather>` would gather them: a menu takes
 * the first key; a gather takes keys until the terminator (kept at the end: the engine cuts the
 * entry there) or `maxDigits`. The caller's silence is timed by the owner (`timeoutSeconds`
 * after the prompts, restarted by every key), which then sends what was typed (`partial`).
 */
export class DigitCollector {
  private typed = "";

  constructor(readonly collect: CollectEffect) {}

  key(digit: string): DigitOutcome {
    if (this.collect.mode === "menu") return { kind: "complete", digits: digit };
    if (this.collect.terminator !== undefined && digit === this.collect.terminator) return { kind: "complete", digits: this.typed + digit };
    this.typed += digit;
    if (this.collect.maxDigits !== undefined && this.typed.length >= this.collect.maxDigits) return { kind: "complete", digits: this.typed };
    return { kind: "more" };
  }

  /** The keys typed so far (a gather's partial entry when the caller falls silent). */
  get partial(): string {
    return this.typed;
  }
}
