import { AiError } from "./ai-error";
import type { ChatClient } from "./chat-client";
import type { ChatMessage } from "./chat-message";
import type { SummaryMessage } from "./extractive-summary";

/** The longest summary kept (a model that ignores "a few sentences" is cut, with an ellipsis). */
export const MAX_SUMMARY_LENGTH = 1200;
/** The transcript the model reads: the conversation's last characters (a long chat's end says where it stands). */
const MAX_TRANSCRIPT_CHARS = 12_000;

const INSTRUCTIONS = [
  "You summarise a conversation between a customer and a contact centre (its agents and its automated assistant) for the call log and for the next agent.",
  "In 2 to 4 sentences, in the conversation's language: what the customer wanted, what was done, and what is still open.",
  "Also rate the customer's sentiment from -1 (angry) through 0 (neutral) to 1 (delighted).",
  'Answer with JSON only: {"summary": "…", "sentiment": 0.0}.',
].join(" ");

const SPEAKER: Record<SummaryMessage["from"], string> = { customer: "Customer", agent: "Agent", bot: "Bot" };

/** The lines as a model reads them (`Customer: …`), the last `maxChars` characters at most, whole lines only. */
export function transcriptText(lines: readonly SummaryMessage[], maxChars = MAX_TRANSCRIPT_CHARS): string {
  const kept: string[] = [];
  let length = 0;
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const line = lines[index];
    if (line === undefined) continue;
    const text = `${SPEAKER[line.from]}: ${line.text.replace(/\s+/g, " ").trim()}`;
    if (length + text.length + 1 > maxChars && kept.length > 0) break;
    kept.push(text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text);
    length += text.length + 1;
  }
  return kept.reverse().join("\n");
}

/** A model's summary text as kept: without code fences, a leading "Summary:" or wrapping quotes; one paragraph; at most 1,200 characters. */
export function readSummary(answer: string): string {
  const text = answer
    .replace(/^\s*```[a-z]*\s*|\s*```\s*$/gi, "")
    .replace(/^\s*(?:\*\*)?summary(?:\*\*)?\s*:\s*/i, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^"(.*)"$/, "$1");
  return text.length > MAX_SUMMARY_LENGTH ? `${text.slice(0, MAX_SUMMARY_LENGTH - 1)}…` : text;
}

/** The summary and sentiment in a model's answer: the JSON asked for (fenced or not), else the whole answer as the summary with no sentiment. A sentiment outside −1..1 or not a number is left out. */
export function readSummaryAnswer(answer: string): { summary: string; sentiment: number | null } {
  const json = /\{[\s\S]*\}/.exec(answer)?.[0];
  if (json !== undefined) {
    try {
      const parsed: unknown = JSON.parse(json);
      if (typeof parsed === "object" && parsed !== null && "summary" in parsed && typeof parsed.summary === "string") {
        const score = "sentiment" in parsed ? parsed.sentiment : undefined;
        return { summary: readSummary(parsed.summary), sentiment: typeof score === "number" && Number.isFinite(score) && score >= -1 && score <= 1 ? score : null };
      }
    } catch {
      // Not the JSON asked for: read as text.
    }
  }
  return { summary: readSummary(answer), sentiment: null };
}

/**
 * What a closed conversation was about, in the words of the assist provider's model (issue 18):
 * a few sentences from the transcript, and the customer's sentiment −1..1 (null when the model
 * gave none the JSON way). An empty summary is an `AiError` (`refused`): the caller keeps the
 * offline insights.
 */
export async function summariseConversation(client: ChatClient, lines: readonly SummaryMessage[], signal?: AbortSignal): Promise<{ summary: string; sentiment: number | null; model: string }> {
  const messages: ChatMessage[] = [
    { role: "system", content: INSTRUCTIONS },
    { role: "user", content: transcriptText(lines) },
  ];
  const turn = await client.complete(messages, { maxTokens: 400, temperature: 0.2, ...(signal === undefined ? {} : { signal }) });
  const { summary, sentiment } = readSummaryAnswer(turn.content);
  if (summary === "") throw new AiError("the model answered an empty summary", "refused");
  return { summary, sentiment, model: turn.model };
}
