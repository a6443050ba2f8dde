/** One message of a conversation, as the summary reads it. */
export interface SummaryMessage {
  from: "customer" | "agent" | "bot";
  text: string;
}

export interface SummaryOptions {
  /** How many sentences at most (default 3). */
  maxSentences?: number;
}

const STOP_WORDS = new Set(
  (
    "a about above after again against all am an and any are aren't as at be because been before being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for from further had hadn't has hasn't have haven't having he her here hers herself him himself his how i i'd i'll i'm i've if in into is isn't it it's its itself just let's me more most my myself no nor not now of off on once only or other ought our ours ourselves out over own same she should shouldn't so some such than that that's the their theirs them themselves then there there's these they they'd they'll they're they've this those through to too under until up very was wasn't we we'd we'll we're we've were weren't what what's when where which while who whom why will with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves " +
    "hi hello hey thanks thank ok okay yes yeah please sure right well also get got like one let know see can could would just really"
  ).split(" "),
);

/** Sentences that only greet, thank or acknowledge: never in a summary. */
const SMALL_TALK = /^(?:hi|hello|hey|good (?:morning|afternoon|evening)|thanks?(?: you)?(?: so much| very much| a lot)?|ok(?:ay)?|sure|yes|no|bye|goodbye|have a (?:nice|good|great) day|you'?re welcome|no problem|one moment|let me check|please hold|hold on)\b[\s,.!?\w']{0,20}$/i;

interface Sentence {
  text: string;
  from: SummaryMessage["from"];
  order: number;
  words: string[];
}

const wordsOf = (text: string) => (text.toLowerCase().replace(/[’‘]/g, "'").match(/[a-z0-9][a-z0-9'@.-]*[a-z0-9]|[a-z0-9]/g) ?? []).filter((word) => !STOP_WORDS.has(word));

/**
 * An extractive summary of a conversation, with no model: the sentences that carry most of what
 * was said (the frequency of their content words across the conversation, per word, so long
 * sentences do not win by length), the customer's first substantial sentence (why they got in
 * touch) always among them, small talk never; in the order they were said, each prefixed with who
 * said it. Empty for a conversation with nothing but small talk.
 */
export function extractiveSummary(messages: readonly SummaryMessage[], options: SummaryOptions = {}): string {
  const max = Math.max(1, options.maxSentences ?? 3);
  const sentences: Sentence[] = [];
  for (const message of messages) {
    for (const part of message.text.split(/(?<=[.!?])\s+|\n+/)) {
      const text = part.trim();
      const words = wordsOf(text);
      if (text === "" || SMALL_TALK.test(text) || words.length < 2) continue;
      sentences.push({ text, from: message.from, order: sentences.length, words });
    }
  }
  if (sentences.length === 0) return "";
  const frequency = new Map<string, number>();
  for (const sentence of sentences) for (const word of new Set(sentence.words)) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const top = Math.max(...frequency.values());
  const score = (sentence: Sentence) => {
    const sum = sentence.words.reduce((total, word) => total + (frequency.get(word) ?? 0) / top, 0);
    // Per word, dampened, so one long sentence does not always win; digits (amounts, dates, order numbers) add a little.
    return sum / Math.sqrt(sentence.words.length) + (/\d/.test(sentence.text) ? 0.25 : 0);
  };
  const reason = sentences.find((sentence) => sentence.from === "customer");
  const chosen = new Set<Sentence>(reason === undefined ? [] : [reason]);
  for (const sentence of [...sentences].sort((a, b) => score(b) - score(a) || a.order - b.order)) {
    if (chosen.size >= max) break;
    chosen.add(sentence);
  }
  const label = { customer: "Customer", agent: "Agent", bot: "Bot" };
  return [...chosen]
    .sort((a, b) => a.order - b.order)
    .map((sentence) => `${label[sentence.from]}: ${sentence.text}`)
    .join(" ");
}
