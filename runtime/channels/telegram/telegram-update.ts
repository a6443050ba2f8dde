import { z } from "zod";

/** The parts of a Telegram Bot API `Update` the driver reads (objects are loose: Telegram adds fields). */
const TelegramUser = z.looseObject({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
});
const TelegramChat = z.looseObject({ id: z.number().int(), type: z.string().optional() });
const TelegramMessage = z.looseObject({
  message_id: z.number().int(),
  from: TelegramUser.optional(),
  chat: TelegramChat,
  date: z.number().int().optional(),
  text: z.string().max(4096).optional(),
  /** A media message's text (photo, video, document…). */
  caption: z.string().max(4096).optional(),
});
const TelegramCallbackQuery = z.looseObject({
  id: z.string().min(1).max(256),
  from: TelegramUser,
  message: TelegramMessage.optional(),
  chat_instance: z.string().optional(),
  /** Client-supplied: never trusted (mapped server-side). */
  data: z.string().optional(),
  game_short_name: z.string().optional(),
});

export const TelegramUpdate = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: TelegramMessage.optional(),
  callback_query: TelegramCallbackQuery.optional(),
});
export type TelegramUpdate = z.infer<typeof TelegramUpdate>;
export type TelegramFrom = z.infer<typeof TelegramUser>;

/**
 * The inline keyboard of the message a callback query came from (`callback_query.message.reply_markup`),
 * read on its own so that a keyboard of another shape never refuses the update.
 */
export const TelegramInlineKeyboard = z.looseObject({
  inline_keyboard: z.array(z.array(z.looseObject({ text: z.string(), callback_data: z.string().optional() }))),
});
