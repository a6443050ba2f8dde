import { AiError } from "../ai/ai-error";
import type { ChatClient } from "../ai/chat-client";
import type { AiTurnEffect, EngineEvent } from "../engine/index";

/** The chat client of an AI provider, by id or name; undefined when there is none. */
export type AiClients = (idOrName: string) => Promise<ChatClient | undefined>;

/** Error messages go into the session's node result: a few hundred characters are enough. */
const MAX_MESSAGE = 500;
/** What a reply may hold (the event's limit): the session keeps the conversation. */
const MAX_CONTENT = 20_000;

/**
 * Performs one model turn of an ai_agent node: the provider's chat completions with the node's
 * tools, within the node's `timeoutSeconds` (and the provider's own), and answers with the
 * `ai_result` event. Never throws: an unknown provider, a key that does not open and every
 * `AiError` become `error: {kind, message}`; a turn cut by the node's time is `timeout`.
 * `onText` streams the answer (SSE) and hands on its pieces as they arrive.
 */
export async function performAiTurn(effect: AiTurnEffect, clients: AiClients | undefined, onText?: (delta: string) => void): Promise<EngineEvent> {
  const addressed = { token: effect.token, nodeId: effect.nodeId };
  const failed = (kind: string, message: string): EngineEvent => ({ type: "ai_result", error: { kind, message: message.slice(0, MAX_MESSAGE) }, ...addressed });
  if (clients === undefined) return failed("refused", "this runtime has no AI providers");
  let client: ChatClient | undefined;
  try {
    client = await clients(effect.provider);
  } catch (error) {
    return failed("refused", `the key of AI provider "${effect.provider}" cannot be opened: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (client === undefined) return failed("refused", `AI provider "${effect.provider}" does not exist`);
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), effect.timeoutSeconds * 1000);
  try {
    const turn = await client.complete(effect.messages, {
      ...(effect.model === undefined ? {} : { model: effect.model }),
      ...(effect.tools.length === 0 ? {} : { tools: effect.tools }),
      ...(onText === undefined ? {} : { onText }),
      signal: deadline.signal,
    });
    return { type: "ai_result", content: turn.content.slice(0, MAX_CONTENT), toolCalls: turn.toolCalls, model: turn.model, ...addressed };
  } catch (error) {
    if (deadline.signal.aborted) return failed("timeout", `no answer within ${effect.timeoutSeconds} s`);
    if (error instanceof AiError) return failed(error.kind, error.message);
    return failed("network", error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
  }
}
