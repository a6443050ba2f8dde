import type { Effect } from "../../engine/index";
import type { ChannelCapabilities } from "../channel-driver";
import { type ChatMessage, chatMessage } from "../chat-message";

/**
 * What the customer is sent for the effects of one step, in order:
 *
 * | effect | sent |
 * | --- | --- |
 * | `message` | its text; with options: buttons, a list or numbered text by the channel's capabilities (`chatMessage`), choice ids carrying the wait token of the collect that follows |
 * | `transfer` with a `waitingMessage` | that text |
 * | `prompt` with text (not emitted on chat; kept for safety) | that text |
 * | `collect`, `http_request`, `end` | nothing (a chat is not hung up: the next message starts a new session) |
 */
export function chatReplies(effects: readonly Effect[], capabilities: ChannelCapabilities): ChatMessage[] {
  const replies: ChatMessage[] = [];
  effects.forEach((effect, index) => {
    switch (effect.type) {
      case "message": {
        const collect = effects.slice(index + 1).find((next) => next.type === "collect");
        const token = collect?.type === "collect" && collect.nodeId === effect.nodeId ? collect.token : undefined;
        if (effect.text.trim() !== "" || (effect.options ?? []).length > 0) replies.push(chatMessage(effect, capabilities, token));
        return;
      }
      case "transfer":
        if (effect.waitingMessage !== undefined && effect.waitingMessage.trim() !== "") replies.push({ text: effect.waitingMessage });
        return;
      case "prompt":
        if (effect.text !== undefined && effect.text.trim() !== "") replies.push({ text: effect.text });
        return;
      default:
        return;
    }
  });
  return replies;
}
