import { z } from "zod";
import { normalizeText } from "../../flow-schema/index";
import type { MatchableOption } from "../engine/match-option";

/**
 * What a grammar-constrained recogniser may hear: `phrases` (a menu's labels and say-words, or
 * yes/no; the heard phrase is then matched to an option with the engine's `matchOption`), or
 * `digits` (spoken digits, returned as a digit string).
 */
export const SpeechGrammar = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("phrases"), phrases: z.array(z.string().min(1)).min(1) }),
  z.object({ kind: z.literal("digits"), minDigits: z.number().int().min(1).max(64), maxDigits: z.number().int().min(1).max(64) }),
]);
export type SpeechGrammar = z.infer<typeof SpeechGrammar>;

/** A menu's grammar: each option's label and say-words, normalised as the engine matches them. */
export function menuGrammar(options: readonly MatchableOption[]): SpeechGrammar {
  const phrases = new Set<string>();
  for (const option of options) for (const phrase of [option.label, ...(option.say ?? [])]) {
    const normal = normalizeText(phrase);
    if (normal !== "") phrases.add(normal);
  }
  return { kind: "phrases", phrases: [...phrases] };
}

/** Yes and no, as menu options (match the heard text with `matchOption(YES_NO_OPTIONS, text)`). */
export const YES_NO_OPTIONS: readonly MatchableOption[] = [
  // Single words: phrases ("not really") were heard in out-of-grammar sentences ("…my bill please").
  { key: "yes", label: "yes", say: ["yeah", "yep", "correct", "sure"] },
  { key: "no", label: "no", say: ["nope"] },
];

export const yesNoGrammar = (): SpeechGrammar => menuGrammar(YES_NO_OPTIONS);

export const digitGrammar = (minDigits = 1, maxDigits = 16): SpeechGrammar => ({ kind: "digits", minDigits, maxDigits });

/** Spoken digit words and the digit each means ("oh" is 0). */
export const DIGIT_WORDS: Readonly<Record<string, string>> = {
  zero: "0", oh: "0", one: "1", two: "2", three: "3", four: "4", five: "5", six: "6", seven: "7", eight: "8", nine: "9",
};
