import type { ChatClient } from "./chat-client";
import { transcriptText } from "./conversation-summary";
import type { ChatMessage } from "./chat-message";
import type { SummaryMessage } from "./extractive-summary";

/** How many replies the console offers. */
export const SUGGESTION_COUNT = 3;
const MAX_LENGTH = 500;
/** The conversation's last lines the model reads (older ones rarely change the next reply). */
const CONTEXT_LINES = 30;

const INSTRUCTIONS = [
  "You help an agent of a customer contact centre answer a customer.",
  `Suggest ${SUGGESTION_COUNT} different short replies the agent could send next, in the customer's language, polite and specific to the conversation.`,
  'Answer with JSON only: {"suggestions": ["…", "…", "…"]}.',
].join(" ");

/**
 * Replies the agent could send next, by the assist provider's model: at most three, each one line
 * of at most 500 characters, never sent by themselves (the console inserts one into the composer).
 * Reads the last 30 lines. A model that answers prose instead of the JSON asked is read line by line.
 */
export async function suggestReplies(client: ChatClient, lines: readonly SummaryMessage[], signal?: AbortSignal): Promise<{ suggestions: string[]; model: string }> {
  const transcript = transcriptText(lines.slice(-CONTEXT_LINES));
  const messages: ChatMessage[] = [
    { role: "system", content: INSTRUCTIONS },
    { role: "user", content: transcript === "" ? "(The customer has not written yet.)" : transcript },
  ];
  const turn = await client.complete(messages, { maxTokens: 400, temperature: 0.4, ...(signal === undefined ? {} : { signal }) });
  return { suggestions: readSuggestions(turn.content), model: turn.model };
}

/** The suggestions in a model's answer: the JSON asked for (fenced or not), else its non-empty lines without bullets or numbers. */
export function readSuggestions(answer: string): string[] {
  const json = /\{[\s\S]*\}/.exec(answer)?.[0];
  let found: unknown[] = [];
  if (json !== undefined) {
    try {
      const parsed: unknown = JSON.parse(json);
      if (typeof parsed === "object" && parsed !== null && "suggestions" in parsed && Array.isArray(parsed.suggestions)) found = parsed.suggestions;
    } catch {
      found = [];
    }
  }
  if (found.length === 0) found = answer.split("\n").map((line) => line.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, "").replace(/^"(.*)"$/, "$1"));
  const texts = found.filter((item): item is string => typeof item === "string").map((text) => text.replace(/\s+/g, " ").trim());
  return [...new Set(texts.filter((text) => text !== "" && !/^[{}[\]`]/.test(text)))].slice(0, SUGGESTION_COUNT).map((text) => (text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text));
}
