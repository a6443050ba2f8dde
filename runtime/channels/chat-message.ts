import type { MessageEffect } from "../engine/index";
import type { z } from "zod";
import type { ChannelCapabilities } from "./channel-driver";

/** A `message` effect (chat). */
export type ChatMessageEffect = z.infer<typeof MessageEffect>;
export interface ChatOption {
  key: string;
  label: string;
}

/** What a chat driver sends for one `message` effect: text, and buttons when the channel can show them all. */
export interface ChatMessage {
  text: string;
  /** Present only when the channel shows every option as a button; each button carries the option key. */
  buttons?: ChatOption[];
}

/**
 * A menu as plain text: the prompt, then one line per option, `<key>. <label>`. The key is what
 * the customer types (the engine matches the key, the label or a say-word), so options are
 * numbered by their keys, never by position.
 */
export function numberedOptionsText(text: string, options: readonly ChatOption[]): string {
  if (options.length === 0) return text;
  const lines = options.map((option) => `${option.key}. ${option.label}`);
  return text.trim() === "" ? lines.join("\n") : `${text}\n\n${lines.join("\n")}`;
}

/**
 * How a `message` effect is sent on a channel: buttons when the channel has them and every option
 * fits (count and label length), otherwise numbered text. A message without options is its text.
 */
export function chatMessage(effect: ChatMessageEffect, capabilities: ChannelCapabilities): ChatMessage {
  const options = effect.options ?? [];
  if (options.length === 0) return { text: effect.text };
  const fits =
    capabilities.buttons &&
    options.length <= (capabilities.maxButtons ?? Number.POSITIVE_INFINITY) &&
    options.every((option) => option.label.length <= (capabilities.maxButtonLabel ?? Number.POSITIVE_INFINITY));
  return fits ? { text: effect.text, buttons: options.map(({ key, label }) => ({ key, label })) } : { text: numberedOptionsText(effect.text, options) };
}
