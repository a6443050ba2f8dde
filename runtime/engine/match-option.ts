import { normalizeText } from "../../flow-schema/index";

export interface MatchableOption {
  key: string;
  label: string;
  say?: string[] | undefined;
}

/**
 * The menu option a caller meant by `input` (pressed, said, typed or tapped):
 * 1. the key itself ("1", "*");
 * 2. the whole input equal to the key, the label or a say-word, after normalizeText ("Sales." → sales);
 * 3. else, exactly one option whose key, label or a say-word appears as whole words in the input
 *    ("I want sales please"); two or more options appearing is ambiguous and matches nothing.
 */
export function matchOption<T extends MatchableOption>(options: readonly T[], input: string): T | undefined {
  const raw = input.trim();
  const byKey = options.find((option) => option.key === raw);
  if (byKey) return byKey;
  const said = normalizeText(input);
  if (said === "") return undefined;
  const phrases = options.map((option) => ({
    option,
    phrases: [option.key, option.label, ...(option.say ?? [])].map(normalizeText).filter((phrase) => phrase !== ""),
  }));
  const exact = phrases.find((entry) => entry.phrases.includes(said));
  if (exact) return exact.option;
  const padded = ` ${said} `;
  const within = phrases.filter((entry) => entry.phrases.some((phrase) => padded.includes(` ${phrase} `)));
  return within.length === 1 ? within[0]?.option : undefined;
}
