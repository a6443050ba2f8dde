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
  "Plain text only: no heading, no list, no quotation of these instructions.",
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

/** A model's summary as kept: without code fences, a leading "Summary:" or wrapping quotes; one paragraph; at most 1,200 characters. */
export function readSummary(answer: string): string {
  const text = answer
    .replace(/^\s*```[a-z]*\s*|\s*```\s*$/gi, "")
    .replace(/^\s*(?:\*\*)?summary(?:\*\*)?\s*:\s*/i, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^"(.*)"$/, "$1");
  return text.length > MAX_SUMMARY_LENGTH ? `${text.slice(0, MAX_SUMMARY_LENGTH - 1)}…` : text;
}

/**
 * What a closed conversation was about, in the words of the assist provider's model (issue 18):
 * a few sentences from the transcript. An empty answer is an `AiError` (`refused`): the caller
 * keeps the offline summary.
 */
export async function summariseConversation(client: ChatClient, lines: readonly SummaryMessage[], signal?: AbortSignal): Promise<{ summary: string; model: string }> {
  const messages: ChatMessage[] = [
    { role: "system", content: INSTRUCTIONS },
    { role: "user", content: transcriptText(lines) },
  ];
  const turn = await client.complete(messages, { maxTokens: 300, temperature: 0.2, ...(signal === undefined ? {} : { signal }) });
  const summary = readSummary(turn.content);
  if (summary === "") throw new AiError("the model answered an empty summary", "refused");
  return { summary, model: turn.model };
}
