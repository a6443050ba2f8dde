import type { ChatMessage } from "../chat-message";

const TEXT_MAX = 4096;

/** A chat id as Telegram takes it: the number when the contact is numeric. */
export const telegramChatId = (contact: string): number | string => (/^-?[0-9]{1,20}$/.test(contact) ? Number(contact) : contact);

/**
 * The `sendMessage` body of one message: the text, and buttons as an inline keyboard (one button a
 * row), each `callback_data` the choice id (`m:<token>:<index>`, at most 64 bytes, mapped back to
 * the session's current menu on tap).
 */
export function telegramMessageBody(contact: string, message: ChatMessage): Record<string, unknown> {
  const text = message.text.trim() === "" ? "Please choose:" : message.text.slice(0, TEXT_MAX);
  const buttons = message.buttons ?? message.list;
  return {
    chat_id: telegramChatId(contact),
    text,
    ...(buttons === undefined ? {} : { reply_markup: { inline_keyboard: buttons.map((choice) => [{ text: choice.label, callback_data: choice.id }]) } }),
  };
}
