import { FILLER_PREFIX } from "./jsgf-grammar";
import type { SpeechWord } from "./speech-result";

export interface PocketsphinxHypothesis {
  /** Answer words, in order, with times relative to the audio given. */
  words: SpeechWord[];
  /** Filler words heard (rejection), without their prefix. */
  filler: SpeechWord[];
}

/** Silence and noise tokens pocketsphinx reports between words. */
const NON_WORDS = /^(<s>|<\/s>|<sil>|\(NULL\)|\[[A-Z_]+\]|\+\+[A-Z]+\+\+)$/;

/**
 * pocketsphinx_continuous `-time yes` output: per utterance a line with the hypothesis, then one
 * line per word: `word start end posterior` (`<sil>` and noise tokens, `word(2)` for a variant).
 */
export function parsePocketsphinxOutput(stdout: string): PocketsphinxHypothesis {
  const words: SpeechWord[] = [];
  const filler: SpeechWord[] = [];
  for (const line of stdout.split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (fields.length !== 4) continue;
    const [raw = "", start = "", end = "", posterior = ""] = fields;
    const times = [Number(start), Number(end), Number(posterior)];
    if (times.some((value) => !Number.isFinite(value))) continue;
    const word = raw.replace(/\(\d+\)$/, "");
    if (NON_WORDS.test(word)) continue;
    const entry = { startSeconds: times[0] ?? 0, endSeconds: times[1] ?? 0, confidence: Math.min(1, Math.max(0, times[2] ?? 0)) };
    if (word.startsWith(FILLER_PREFIX)) filler.push({ word: word.slice(FILLER_PREFIX.length), ...entry });
    else words.push({ word, ...entry });
  }
  return { words, filler };
}
