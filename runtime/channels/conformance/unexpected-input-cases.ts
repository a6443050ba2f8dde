import { randomBytes } from "node:crypto";
import { type ChatCase, type ProviderPost, telegramCase, telegramPost, TWILIO, twilioCase, twilioMessageParams, twilioPost, whatsappCase, whatsappPayload, whatsappPost } from "./chat-cases";

/**
 * What real customers send that chat flows do not expect, exactly as each provider delivers it
 * (PROVIDERS.md; Meta's webhook payload examples, the Bot API's `Message`, Twilio's "A message
 * comes in" parameters): voice notes, images, stickers, locations, contact cards; and taps on
 * buttons the server did not draw for the current question.
 */

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

/** A message the flow cannot read, built for one contact on one channel. */
export interface UnexpectedMessage {
  label: string;
  chat: ChatCase;
  /** The provider's id of the message, the inbound log's key (wamid, update_id, MessageSid). */
  build(channelId: string, contact: string): { post: ProviderPost; eventId: string };
  /** What agents are told of it in the room (a pattern: media ids vary). */
  note: RegExp;
}

// ── WhatsApp Cloud API ─────────────────────────────────────────────────────────────────────────

/** A `messages` entry of type `type` with its object, from `from`. */
function whatsappMessage(from: string, type: string, body: Record<string, unknown>) {
  return { from, id: `wamid.${hex(20)}`, timestamp: "1717000000", type, ...body };
}

function whatsappUnexpected(label: string, type: string, body: (from: string) => Record<string, unknown>, note: RegExp): UnexpectedMessage {
  return {
    label: `WhatsApp ${label}`,
    chat: whatsappCase(),
    build(channelId, contact) {
      const message = whatsappMessage(contact, type, body(contact));
      return { post: whatsappPost(channelId, whatsappPayload([message], { from: contact })), eventId: message.id };
    },
    note,
  };
}

const mediaId = () => String(1_000_000_000_000_000 + Math.floor(Math.random() * 1e15));

export const WHATSAPP_UNEXPECTED: readonly UnexpectedMessage[] = [
  whatsappUnexpected(
    "voice note (audio, voice: true)",
    "audio",
    () => ({ audio: { mime_type: "audio/ogg; codecs=opus", sha256: "Vx0k4Ecd3Vs7b0ZDz6cWl3vPbIqXqk5wWvA0MIk8xQg=", id: mediaId(), voice: true } }),
    /^The customer sent a voice note \(audio\/ogg; codecs=opus, media id \d+\)\. It cannot be shown here\.$/,
  ),
  whatsappUnexpected(
    "image",
    "image",
    () => ({ image: { mime_type: "image/jpeg", sha256: "u8M3S1t7dWnqAqWm1a0cY7xgJbV5R8m5HkGZKq1YvKc=", id: mediaId() } }),
    /^The customer sent an image \(image\/jpeg, media id \d+\)\. It cannot be shown here\.$/,
  ),
  whatsappUnexpected(
    "sticker",
    "sticker",
    () => ({ sticker: { mime_type: "image/webp", sha256: "H7oQ2sJr3pW0F3bQ0nC9c4tZkq6mVxv9sWmT0r8QnAs=", id: mediaId(), animated: false } }),
    /^The customer sent a sticker \(image\/webp, media id \d+\)\. It cannot be shown here\.$/,
  ),
  whatsappUnexpected(
    "location",
    "location",
    () => ({ location: { latitude: 52.3731, longitude: 4.8922, name: "Dam Square", address: "Dam, 1012 JS Amsterdam" } }),
    /^The customer sent a location \(52\.3731, 4\.8922, Dam Square, Dam, 1012 JS Amsterdam\)\.$/,
  ),
  whatsappUnexpected(
    "contact card",
    "contacts",
    () => ({
      contacts: [
        {
          name: { formatted_name: "Jane Doe", first_name: "Jane", last_name: "Doe" },
          phones: [{ phone: "+1 555-0100", wa_id: "15550100", type: "CELL" }],
          emails: [{ email: "jane@example.com", type: "WORK" }],
        },
      ],
    }),
    /^The customer sent a contact card \(Jane Doe, \+1 555-0100\)\.$/,
  ),
];

// ── Telegram ───────────────────────────────────────────────────────────────────────────────────

let updateId = 500_000_000 + Math.floor(Math.random() * 1_000_000);

/** A `message` update from `chatId` carrying `content` instead of text. */
export function telegramContentUpdate(chatId: number, content: Record<string, unknown>) {
  updateId += 1;
  return {
    update_id: updateId,
    message: { message_id: updateId, from: { id: chatId, is_bot: false, first_name: "Ana", last_name: "Lima", language_code: "en" }, chat: { id: chatId, first_name: "Ana", type: "private" }, date: 1717000000, ...content },
  };
}

function telegramUnexpected(label: string, content: () => Record<string, unknown>, note: RegExp): UnexpectedMessage {
  return {
    label: `Telegram ${label}`,
    chat: telegramCase(),
    build(channelId, contact) {
      const update = telegramContentUpdate(Number(contact), content());
      return { post: telegramPost(channelId, update), eventId: String(update.update_id) };
    },
    note,
  };
}

const fileId = () => `AwACAgQAAxkBAAI${hex(12)}`;

export const TELEGRAM_UNEXPECTED: readonly UnexpectedMessage[] = [
  // PROVIDERS.md: voice messages sometimes come without file_unique_id.
  telegramUnexpected("voice", () => ({ voice: { duration: 4, mime_type: "audio/ogg", file_id: fileId(), file_size: 11_520 } }), /^The customer sent a voice note \(audio\/ogg, file id AwAC\w+\)\. It cannot be shown here\.$/),
  telegramUnexpected(
    "photo",
    () => ({
      photo: [
        { file_id: fileId(), file_unique_id: "AQADb8kxG1", file_size: 1_201, width: 90, height: 67 },
        { file_id: "AgACAgQAAxkBAAIBig-the-original", file_unique_id: "AQADb8kxG2", file_size: 58_934, width: 1280, height: 960 },
      ],
    }),
    /^The customer sent an image \(file id AgACAgQAAxkBAAIBig-the-original\)\. It cannot be shown here\.$/,
  ),
  telegramUnexpected(
    "sticker",
    () => ({ sticker: { file_id: fileId(), file_unique_id: "AgADnQADwZxgDA", type: "regular", width: 512, height: 512, is_animated: false, is_video: false, emoji: "👍", set_name: "HotCherry" } }),
    /^The customer sent a sticker \(👍, file id AwAC\w+\)\. It cannot be shown here\.$/,
  ),
  telegramUnexpected("location", () => ({ location: { latitude: 38.7223, longitude: -9.1393 } }), /^The customer sent a location \(38\.7223, -9\.1393\)\.$/),
  telegramUnexpected("contact", () => ({ contact: { phone_number: "+351912345678", first_name: "Rui", last_name: "Costa", user_id: 777000 } }), /^The customer sent a contact card \(Rui Costa, \+351912345678\)\.$/),
];

// ── Twilio messaging ───────────────────────────────────────────────────────────────────────────

function twilioUnexpected(label: string, whatsapp: boolean, extra: (messageSid: string) => Record<string, string>, note: RegExp): UnexpectedMessage {
  const chat = twilioCase(whatsapp);
  return {
    label: `${chat.label} ${label}`,
    chat,
    build(channelId, contact) {
      const sid = `MM${hex(16)}`;
      const params = { ...twilioMessageParams(contact, ""), SmsMessageSid: sid, SmsSid: sid, MessageSid: sid, ...extra(sid) };
      return { post: twilioPost(channelId, params), eventId: sid };
    },
    note,
  };
}

export const TWILIO_UNEXPECTED: readonly UnexpectedMessage[] = [
  twilioUnexpected(
    "MMS: NumMedia=1 and an empty Body",
    false,
    (sid) => ({ NumMedia: "1", MediaContentType0: "image/jpeg", MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${TWILIO.accountSid}/Messages/${sid}/Media/ME${hex(16)}` }),
    /^The customer sent an image \(image\/jpeg, https:\/\/api\.twilio\.com\/2010-04-01\/Accounts\/AC\w+\/Messages\/MM\w+\/Media\/ME\w+\)\. It cannot be shown here\.$/,
  ),
  twilioUnexpected(
    "location",
    true,
    () => ({ Latitude: "37.7749295", Longitude: "-122.4194155", Address: "1 Market St, San Francisco, CA", Label: "Twilio HQ" }),
    /^The customer sent a location \(37\.7749295, -122\.4194155, Twilio HQ, 1 Market St, San Francisco, CA\)\.$/,
  ),
];

export const UNEXPECTED_MESSAGES: readonly UnexpectedMessage[] = [...WHATSAPP_UNEXPECTED, ...TELEGRAM_UNEXPECTED, ...TWILIO_UNEXPECTED];

// ── Taps on buttons the server did not draw for the current question ─────────────────────────────

/** A WhatsApp reply-button or list-row tap with this id and title, as Meta sends it. */
export function whatsappTap(channelId: string, contact: string, reply: { id: string; title: string }, form: "button_reply" | "list_reply"): ProviderPost {
  const message = {
    context: { from: "15550001234", id: `wamid.${hex(20)}` },
    from: contact,
    id: `wamid.${hex(20)}`,
    timestamp: "1717000100",
    type: "interactive",
    interactive: form === "list_reply" ? { type: "list_reply", list_reply: { ...reply, description: "" } } : { type: "button_reply", button_reply: reply },
  };
  return whatsappPost(channelId, whatsappPayload([message], { from: contact }));
}

/**
 * A Telegram callback query for `data`; with `keyboard`, its `message` carries the inline
 * keyboard the tap came from (as real updates do), else the message without it (as an old one, or
 * Telegram's own examples, may come).
 */
export function telegramTap(chatId: number, data: string, keyboard?: ReadonlyArray<{ text: string; callback_data: string }>) {
  updateId += 1;
  return {
    update_id: updateId,
    callback_query: {
      id: `${5382000000000000000 + updateId}`,
      from: { id: chatId, is_bot: false, first_name: "Ana", language_code: "en" },
      message: {
        message_id: 42,
        from: { id: 7012345678, is_bot: true, first_name: "Acme", username: "acme_test_bot" },
        chat: { id: chatId, first_name: "Ana", type: "private" },
        date: 1717000000,
        text: "Will you be able to make it?",
        ...(keyboard === undefined ? {} : { reply_markup: { inline_keyboard: keyboard.map((button) => [button]) } }),
      },
      chat_instance: "-8855392211470116432",
      data,
    },
  };
}
