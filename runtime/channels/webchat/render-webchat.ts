import type { Effect } from "../../engine/index";
import type { ChannelCapabilities } from "../channel-driver";
import { chatMessage } from "../chat-message";
import type { NewWebchatMessage } from "./webchat-repo";

/** What a run of effects shows the visitor: the bot's lines, and whether the conversation ended. */
export interface WebchatRender {
  lines: NewWebchatMessage[];
  /** The end reason when the flow ended and nobody takes over (not after a hand-off to agents). */
  ended?: string;
}

/**
 * Effects → lines in the widget:
 *
 * | effect | line |
 * | --- | --- |
 * | `message` | the bot's text; a menu's options as buttons (`chatMessage`, each with the `m:<token>:<index>` choice of the collect that follows), else numbered text |
 * | `prompt` with text (voice-only flows) | the bot's text |
 * | `transfer` with a waiting message | the bot's text |
 * | `end` (not a hand-off) | `ended` |
 * | `collect`, `http_request` | nothing (the buttons came with the message) |
 */
export function renderWebchat(effects: readonly Effect[], capabilities: ChannelCapabilities): WebchatRender {
  const lines: NewWebchatMessage[] = [];
  let ended: string | undefined;
  effects.forEach((effect, index) => {
    switch (effect.type) {
      case "message": {
        // A menu's buttons name the wait that follows it (its collect), so a tap is mapped to the menu it was drawn for.
        const collect = effects.slice(index + 1).find((next) => next.type === "collect" && next.nodeId === effect.nodeId);
        const message = chatMessage(effect, capabilities, collect?.type === "collect" ? collect.token : undefined);
        const options = message.buttons?.map(({ key, label, id }) => ({ key, label, choice: id }));
        lines.push(options === undefined ? { from: "bot", text: message.text } : { from: "bot", text: message.text, options });
        break;
      }
      case "prompt":
        if (effect.text !== undefined && effect.text.trim() !== "") lines.push({ from: "bot", text: effect.text });
        break;
      case "transfer":
        if (effect.waitingMessage !== undefined && effect.waitingMessage.trim() !== "") lines.push({ from: "bot", text: effect.waitingMessage });
        break;
      case "end":
        if (effect.reason !== "transfer_handoff") ended = effect.reason;
        break;
      case "collect":
      case "http_request":
        break;
    }
  });
  return ended === undefined ? { lines } : { lines, ended };
}
