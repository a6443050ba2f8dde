import { z } from "zod";

/** One recognised word with its place in the utterance (seconds from the utterance's start). */
export const SpeechWord = z.object({
  word: z.string().min(1),
  startSeconds: z.number().min(0),
  endSeconds: z.number().min(0),
  /** 0–1: how sure the engine is of this word (1 where the engine gives no posterior, e.g. a grammar search). */
  confidence: z.number().min(0).max(1),
});
export type SpeechWord = z.infer<typeof SpeechWord>;

/**
 * What a recogniser says about one utterance. `partial` results may be replaced by later ones;
 * one `final` result ends the utterance. `rejected`: the engine heard speech that is not in the
 * grammar (text and words then hold what it heard instead, which must not be taken as an answer).
 */
export const SpeechResult = z.object({
  kind: z.enum(["partial", "final"]),
  engine: z.string().min(1),
  text: z.string(),
  words: z.array(SpeechWord),
  confidence: z.number().min(0).max(1),
  rejected: z.boolean(),
  /** Where the utterance lies in the stream (seconds since the stream's first frame). */
  startSeconds: z.number().min(0),
  endSeconds: z.number().min(0),
  /** How long recognition took after the utterance ended (ms). */
  latencyMs: z.number().min(0),
});
export type SpeechResult = z.infer<typeof SpeechResult>;
