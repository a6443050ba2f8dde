import type { ParseResult, WebhookRequest } from "../channel-driver";
import type { UnsupportedInput } from "../chat/unsupported-input";
import { type TelegramFrom, TelegramInlineKeyboard, TelegramUpdate } from "./telegram-update";
import { telegramUnsupported } from "./telegram-unsupported";

/** An update, read: a text message, a tapped inline button, or something the driver does not act on (stored only). */
export type TelegramEvent =
  | { kind: "text"; updateId: number; chatId: number; text: string; name?: string }
  /** A tap: its callback_data and, when the update carries the keyboard it was on, the button's text. */
  | { kind: "callback"; updateId: number; chatId: number; callbackId: string; data: string; title?: string; name?: string }
  /** A message the flow cannot read (a voice note, a photo, a sticker, a location, a contact…). */
  | { kind: "unsupported"; updateId: number; chatId: number; input: UnsupportedInput; name?: string }
  | { kind: "other"; updateId: number; what: string; callbackId?: string };

/** The text of the button carrying `data` on the keyboard the tap came from; undefined when the update does not carry it. */
function buttonTitle(message: Readonly<Record<string, unknown>> | undefined, data: string): string | undefined {
  const markup = message !== undefined && Object.hasOwn(message, "reply_markup") ? TelegramInlineKeyboard.safeParse(message.reply_markup) : undefined;
  if (markup?.success !== true) return undefined;
  return markup.data.inline_keyboard.flat().find((button) => button.callback_data === data)?.text;
}

const nameOf = (from: TelegramFrom | undefined): string | undefined => {
  if (from === undefined) return undefined;
  const name = [from.first_name, from.last_name].filter((part) => part !== undefined && part !== "").join(" ");
  return name === "" ? from.username : name;
};

/**
 * Reads a Telegram update (the secret header was checked first). The provider event id, the
 * inbound log's dedupe key, is the `update_id`.
 */
export function parseTelegramUpdate(request: WebhookRequest): ParseResult<TelegramEvent> {
  let json: unknown;
  try {
    json = JSON.parse(request.body);
  } catch {
    return { ok: false, message: "body: not JSON" };
  }
  const read = TelegramUpdate.safeParse(json);
  if (!read.success) {
    const issue = read.error.issues[0];
    return { ok: false, message: issue === undefined ? "body: invalid" : `${["body", ...issue.path.map(String)].join(".")}: ${issue.message}` };
  }
  const update = read.data;
  const providerEventId = String(update.update_id);
  const webhook = (payload: TelegramEvent) => ({ ok: true as const, webhook: { providerEventId, payload } });
  const name = (from: TelegramFrom | undefined) => {
    const value = nameOf(from);
    return value === undefined ? {} : { name: value };
  };
  if (update.message !== undefined) {
    const { message } = update;
    if (message.text === undefined) {
      const input = telegramUnsupported(message, message.caption);
      if (input === undefined) return webhook({ kind: "other", updateId: update.update_id, what: "a service message" });
      return webhook({ kind: "unsupported", updateId: update.update_id, chatId: message.chat.id, input, ...name(message.from) });
    }
    return webhook({ kind: "text", updateId: update.update_id, chatId: message.chat.id, text: message.text, ...name(message.from) });
  }
  if (update.callback_query !== undefined) {
    const query = update.callback_query;
    if (query.data === undefined) return webhook({ kind: "other", updateId: update.update_id, what: "a callback query without data", callbackId: query.id });
    const title = buttonTitle(query.message, query.data);
    return webhook({ kind: "callback", updateId: update.update_id, chatId: query.message?.chat.id ?? query.from.id, callbackId: query.id, data: query.data, ...(title === undefined ? {} : { title }), ...name(query.from) });
  }
  return webhook({ kind: "other", updateId: update.update_id, what: "an update that is neither a message nor a callback query" });
}
