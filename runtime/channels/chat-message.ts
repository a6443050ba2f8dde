import type { MessageEffect } from "../engine/index";
import type { z } from "zod";
import type { ChannelCapabilities } from "./channel-driver";
import { menuChoiceId } from "./chat/menu-choice";

/** A `message` effect (chat). */
export type ChatMessageEffect = z.infer<typeof MessageEffect>;
export interface ChatOption {
  key: string;
  label: string;
}

/** An option drawn as a button or list row: `id` is what the provider sends back when it is tapped. */
export interface ChatChoice extends ChatOption {
  /** `menuChoiceId(token, index)` when the menu's wait token is known (mapped back server-side), else the key. */
  id: string;
}

/** What a chat driver sends for one `message` effect: text, and buttons or a list when the channel can show them all. */
export interface ChatMessage {
  text: string;
  /** Present only when the channel shows every option as a button. */
  buttons?: ChatChoice[];
  /** Present only when the options do not fit as buttons but fit the channel's list (WhatsApp list message). */
  list?: ChatChoice[];
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

const fit = (options: readonly ChatOption[], most: number | undefined, longest: number | undefined): boolean =>
  options.length <= (most ?? Number.POSITIVE_INFINITY) && options.every((option) => option.label.length <= (longest ?? Number.POSITIVE_INFINITY));

/**
 * How a `message` effect is sent on a channel, by its capabilities:
 * 1. buttons when the channel has them and every option fits (`maxButtons`, `maxButtonLabel`);
 * 2. else a list when the channel has one (`maxListRows`) and every option fits it (`maxListRowTitle`);
 * 3. else numbered text.
 * A message without options is its text. `token` (the wait token of the collect that follows the
 * message) makes each choice's id `m:<token>:<index>`, mapped back to the current menu on tap.
 */
export function chatMessage(effect: ChatMessageEffect, capabilities: ChannelCapabilities, token?: string): ChatMessage {
  const options = effect.options ?? [];
  if (options.length === 0) return { text: effect.text };
  const choices = (): ChatChoice[] => options.map(({ key, label }, index) => ({ key, label, id: token === undefined ? key : menuChoiceId(token, index) }));
  if (capabilities.buttons && fit(options, capabilities.maxButtons, capabilities.maxButtonLabel)) return { text: effect.text, buttons: choices() };
  if (capabilities.maxListRows !== undefined && fit(options, capabilities.maxListRows, capabilities.maxListRowTitle)) return { text: effect.text, list: choices() };
  return { text: numberedOptionsText(effect.text, options) };
}
