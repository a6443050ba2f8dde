/**
 * Words a caller says around or instead of an answer ("I want to talk about my bill please"). A
 * grammar offers them as an alternative to its answers, so speech that is not an answer is heard
 * as filler and rejected instead of being forced onto the nearest answer. Words that sound like
 * an answer are left out of each grammar's filler (see jsgf-grammar.ts).
 */
export const FILLER_WORDS: readonly string[] = (
  "about account actually after again also always another anything appointment balance because been before bill " +
  "business calling could delivery didn't doing don't every everything friday getting going hello help hold how i'd i'll " +
  "i'm information into just know like looking make maybe money monday morning much need never nothing number order other " +
  "over pay payment people person phone please problem question really representative said should someone something " +
  "speak still talk tell thank thanks that there they think this today tomorrow trying understand until wait want what " +
  "when where which while with would wrong your"
).split(" ");
