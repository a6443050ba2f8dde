import type { Effect } from "../../engine/index";
import type { ChannelCapabilities } from "../channel-driver";
import { chatReplies } from "../chat/chat-replies";
import type { NewWebchatMessage } from "./webchat-repo";

/** What a run of effects shows the visitor: the bot's lines, and whether the conversation ended. */
export interface WebchatRender {
  lines: NewWebchatMessage[];
  /** The end reason when the flow ended and nobody takes over (not after a hand-off to agents). */
  ended?: string;
}

/**
 * Effects → lines in the widget: the bot's lines are the shared chat replies (`chatReplies`:
 * messages, a menu's options as buttons whose `choice` is `m:<wait token>:<index>`, transfer
 * waiting messages); an `end` that is not a hand-off to agents ends the conversation (`ended`).
 */
export function renderWebchat(effects: readonly Effect[], capabilities: ChannelCapabilities): WebchatRender {
  const lines: NewWebchatMessage[] = chatReplies(effects, capabilities).map((reply) => {
    const options = reply.buttons?.map(({ key, label, id }) => ({ key, label, choice: id }));
    return options === undefined ? { from: "bot", text: reply.text } : { from: "bot", text: reply.text, options };
  });
  const end = effects.find((effect) => effect.type === "end");
  return end?.type === "end" && end.reason !== "transfer_handoff" ? { lines, ended: end.reason } : { lines };
}
