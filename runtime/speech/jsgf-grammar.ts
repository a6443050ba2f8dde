import type { CmuDictionary } from "./cmu-dictionary";
import { FILLER_WORDS } from "./filler-words";
import { DIGIT_WORDS, type SpeechGrammar } from "./speech-grammar";

/** Filler words are spelled with this prefix in the grammar, so a result tells them from answers. */
export const FILLER_PREFIX = "filler_";

export interface CompiledGrammar {
  /** The JSGF text (`-jsgf`). */
  jsgf: string;
  /** A dictionary of exactly the grammar's words (`-dict`): loading 130 000 words each time would cost more than decoding. */
  dictionary: string;
  /** Phrases left out because a word is not in the pronouncing dictionary. */
  unknownPhrases: string[];
}

export interface CompileOptions {
  /** Offer filler words instead of an answer (rejection; phrase grammars only). Default true. */
  filler?: boolean;
  /** Also allow filler before and after an answer ("yes please"). Default false. */
  fillerAround?: boolean;
}

/** JSGF tokens: letters, digits, `'` and `_` (normalizeText has dropped the rest). */
const token = (word: string): string => word.replace(/[^a-z0-9'_]/g, "_");

/** Builds the JSGF grammar and its dictionary for a SpeechGrammar, with a filler alternative for rejection. */
export function compileGrammar(grammar: SpeechGrammar, dictionary: CmuDictionary, options: CompileOptions = {}): CompiledGrammar {
  const lines = new Map<string, string>();
  const add = (spelling: string, pronunciations: readonly string[]): void => {
    pronunciations.forEach((phones, index) => lines.set(index === 0 ? spelling : `${spelling}(${index + 1})`, phones));
  };
  const known = (word: string): boolean => dictionary.pronunciations(word).length > 0;

  let answer: string;
  const unknownPhrases: string[] = [];
  if (grammar.kind === "digits") {
    for (const word of Object.keys(DIGIT_WORDS)) add(word, dictionary.pronunciations(word));
    answer = `(${Object.keys(DIGIT_WORDS).join(" | ")})+`;
  } else {
    const phrases: string[] = [];
    for (const phrase of grammar.phrases) {
      const words = phrase.split(" ").filter((word) => word !== "");
      if (words.length === 0 || !words.every(known)) {
        unknownPhrases.push(phrase);
        continue;
      }
      for (const word of words) add(token(word), dictionary.pronunciations(word));
      phrases.push(words.map(token).join(" "));
    }
    if (phrases.length === 0) throw new Error(`no phrase of the grammar is in the pronouncing dictionary: ${grammar.phrases.join(", ")}`);
    answer = `(${phrases.join(" | ")})`;
  }

  const rules = [`public <utterance> = <answer>;`, `<answer> = ${answer};`];
  // Digits are not offered filler: it took digits away ("one" as "want"), and a digit string is checked by its length and pattern anyway.
  if (grammar.kind === "phrases" && (options.filler ?? true)) {
    // Leave out filler words that sound like an answer word (know / no), and the answer words themselves.
    const answerSounds = new Set(lines.values());
    const answerWords = new Set([...lines.keys()].map((key) => key.replace(/\(\d+\)$/, "")));
    const fillers = FILLER_WORDS.filter((word) => !answerWords.has(token(word)) && known(word) && !dictionary.pronunciations(word).some((phones) => answerSounds.has(phones)));
    for (const word of fillers) add(`${FILLER_PREFIX}${token(word)}`, dictionary.pronunciations(word));
    rules[0] = options.fillerAround ? `public <utterance> = [<filler>] <answer> [<filler>] | <filler>;` : `public <utterance> = <answer> | <filler>;`;
    rules.push(`<filler> = (${fillers.map((word) => `${FILLER_PREFIX}${token(word)}`).join(" | ")})+;`);
  }
  return {
    jsgf: ["#JSGF V1.0;", "grammar switchboard;", ...rules, ""].join("\n"),
    dictionary: [...lines].map(([word, phones]) => `${word} ${phones}`).join("\n") + "\n",
    unknownPhrases,
  };
}
