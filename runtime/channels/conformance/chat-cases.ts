import { createHmac, randomBytes } from "node:crypto";
import twilio from "twilio";
import { z } from "zod";
import { readTwiml } from "../test-support/twiml-reader";
import type { CapturedRequest, ProviderStandIn } from "./provider-stand-in";

/** A webhook request exactly as the provider would send it (signed), before it is posted. */
export interface ProviderPost {
  /** Path under PUBLIC_URL, e.g. /webhooks/telegram/<id>. */
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A webhook's answer as the customer's side kept it (Twilio's TwiML carries immediate replies). */
export interface WebhookReplyText {
  text: string;
  /** `nextSequence()` when it was answered. */
  seq: number;
}

/** A message as the customer sees it on their phone: the text, and the choices they can tap (buttons, list rows, inline keyboard). */
export interface Received {
  text: string;
  choices?: Array<{ id: string; label: string }>;
  /** How the choices were drawn. */
  form: "text" | "buttons" | "list" | "inline_keyboard";
}

/** The provider-facing side of one chat driver: builds its webhooks, reads what it sent. */
export interface ChatCase {
  readonly type: "twilio_messaging" | "whatsapp_cloud" | "telegram";
  readonly label: string;
  /** Whether menus arrive as something to tap (else numbered text). */
  readonly tappable: boolean;
  readonly credentials: Record<string, string>;
  readonly settings: Record<string, unknown>;
  /** A contact address on this provider (as the runtime stores it). */
  newContact(): string;
  /** The customer types `text`. */
  text(channelId: string, contact: string, text: string): ProviderPost;
  /** The customer taps a choice drawn earlier (`form`: how it was drawn: a WhatsApp list row answers list_reply). */
  tap(channelId: string, contact: string, choice: { id: string; label: string }, form?: Received["form"]): ProviderPost;
  /** The same request without its signature / secret header. */
  unsigned(post: ProviderPost): ProviderPost;
  /** The same request with a wrong signature / secret. */
  forged(post: ProviderPost): ProviderPost;
  /** A signed request whose body is not what the provider sends. */
  malformed(channelId: string): ProviderPost;
  /** What `contact` received: from the webhook's answer (Twilio TwiML) and the API requests made to the stand-in, in order. */
  received(contact: string, standIn: ProviderStandIn, replies: readonly WebhookReplyText[]): Received[];
  /** The stand-in requests that sent something to `contact`. */
  sends(contact: string, standIn: ProviderStandIn): CapturedRequest[];
}

export const PUBLIC_URL = "https://switchboard.example.test";

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

// ── Twilio messaging ───────────────────────────────────────────────────────────────────────────

export const TWILIO = { accountSid: `AC${"0123456789abcdef".repeat(2)}`, authToken: "f00dfeedcafe0123456789abcdef4321" };
export const TWILIO_NUMBER = "+15550001000";
export const twilioMessagesPath = `/2010-04-01/Accounts/${TWILIO.accountSid}/Messages.json`;

export function twilioPost(channelId: string, params: Record<string, string>): ProviderPost {
  const path = `/webhooks/twilio/messaging/${channelId}`;
  return {
    path,
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": twilio.getExpectedTwilioSignature(TWILIO.authToken, `${PUBLIC_URL}${path}`, params) },
    body: new URLSearchParams(params).toString(),
  };
}

/** Twilio's "A message comes in" parameters (SMS, or WhatsApp through Twilio with `whatsapp:` addresses). */
export function twilioMessageParams(from: string, body: string, extra: Record<string, string> = {}): Record<string, string> {
  const whatsapp = from.startsWith("whatsapp:");
  return {
    ToCountry: "US",
    SmsMessageSid: `SM${hex(16)}`,
    NumMedia: "0",
    SmsSid: "",
    SmsStatus: "received",
    Body: body,
    To: whatsapp ? `whatsapp:${TWILIO_NUMBER}` : TWILIO_NUMBER,
    NumSegments: "1",
    MessageSid: "",
    AccountSid: TWILIO.accountSid,
    From: from,
    ApiVersion: "2010-04-01",
    ...(whatsapp ? { ProfileName: "Dana", WaId: from.replace("whatsapp:+", "") } : { FromCountry: "US" }),
    ...extra,
  };
}

export function twilioCase(whatsapp = false): ChatCase {
  return {
    type: "twilio_messaging",
    label: whatsapp ? "Twilio WhatsApp" : "Twilio SMS",
    tappable: false,
    credentials: TWILIO,
    settings: { phoneNumber: TWILIO_NUMBER, ...(whatsapp ? { whatsapp: true } : {}) },
    newContact: () => `${whatsapp ? "whatsapp:" : ""}+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`,
    text(channelId, contact, text) {
      const params = twilioMessageParams(contact, text);
      const sid = `SM${hex(16)}`;
      return twilioPost(channelId, { ...params, SmsMessageSid: sid, SmsSid: sid, MessageSid: sid });
    },
    tap(channelId, contact, choice) {
      return this.text(channelId, contact, choice.label);
    },
    unsigned: (post) => ({ ...post, headers: { "content-type": post.headers["content-type"] ?? "" } }),
    forged: (post) => ({ ...post, headers: { ...post.headers, "x-twilio-signature": "bm90IGEgc2lnbmF0dXJlIGF0IGFsbA==" } }),
    malformed(channelId) {
      const sid = `SM${hex(16)}`;
      const params = { ...twilioMessageParams("+15557654321", "hi"), SmsSid: sid };
      return twilioPost(channelId, params); // MessageSid is empty
    },
    received(contact, standIn, replies) {
      const inTwiml = replies.flatMap((reply) => readTwiml(reply.text).filter((verb) => verb.name === "Message").map((verb) => ({ seq: reply.seq, message: { text: verb.text, form: "text" as const } })));
      const sent = this.sends(contact, standIn).map((request) => ({ seq: request.seq, message: { text: new URLSearchParams(request.body).get("Body") ?? "", form: "text" as const } }));
      return [...inTwiml, ...sent].sort((a, b) => a.seq - b.seq).map((entry): Received => entry.message);
    },
    sends: (contact, standIn) => standIn.to(twilioMessagesPath).filter((request) => new URLSearchParams(request.body).get("To") === contact),
  };
}

// ── WhatsApp Cloud API ─────────────────────────────────────────────────────────────────────────

export const WHATSAPP = { accessToken: "EAAG-test-access-token-0123456789", appSecret: "whatsapp-app-secret-0123456789", verifyToken: "verify-me-please", phoneNumberId: "106540352242922" };
export const GRAPH_VERSION = "v21.0";
export const graphMessagesPath = `/${GRAPH_VERSION}/${WHATSAPP.phoneNumberId}/messages`;

/** Meta's X-Hub-Signature-256 of a body. */
export const hubSignature = (body: string, secret = WHATSAPP.appSecret): string => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

/** A `messages` webhook as Meta sends it, with the given messages from `from`. */
export function whatsappPayload(messages: unknown[], options: { from?: string; statuses?: unknown[]; phoneNumberId?: string } = {}): Record<string, unknown> {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "102290129340398",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550001234", phone_number_id: options.phoneNumberId ?? WHATSAPP.phoneNumberId },
              ...(options.from === undefined ? {} : { contacts: [{ profile: { name: "John" }, wa_id: options.from }] }),
              ...(messages.length === 0 ? {} : { messages }),
              ...(options.statuses === undefined ? {} : { statuses: options.statuses }),
            },
          },
        ],
      },
    ],
  };
}

export const whatsappText = (from: string, text: string, id = `wamid.${hex(20)}`) => ({ from, id, timestamp: "1686848831", type: "text", text: { body: text } });

export function whatsappPost(channelId: string, payload: unknown): ProviderPost {
  const body = JSON.stringify(payload);
  return { path: `/webhooks/whatsapp/${channelId}`, headers: { "content-type": "application/json", "x-hub-signature-256": hubSignature(body) }, body };
}

const GraphBody = z.object({
  messaging_product: z.literal("whatsapp"),
  recipient_type: z.literal("individual"),
  to: z.string(),
  type: z.enum(["text", "interactive"]),
  text: z.strictObject({ preview_url: z.boolean(), body: z.string().max(4096) }).optional(),
  interactive: z
    .discriminatedUnion("type", [
      z.strictObject({
        type: z.literal("button"),
        body: z.strictObject({ text: z.string().min(1).max(1024) }),
        action: z.strictObject({ buttons: z.array(z.strictObject({ type: z.literal("reply"), reply: z.strictObject({ id: z.string().max(256), title: z.string().max(20) }) })).min(1).max(3) }),
      }),
      z.strictObject({
        type: z.literal("list"),
        body: z.strictObject({ text: z.string().min(1).max(1024) }),
        action: z.strictObject({
          button: z.string().min(1).max(20),
          sections: z.array(z.strictObject({ title: z.string().max(24), rows: z.array(z.strictObject({ id: z.string().max(200), title: z.string().max(24) })).min(1).max(10) })).length(1),
        }),
      }),
    ])
    .optional(),
});

/** A Graph API message body, checked against the documented shape and limits (buttons 1–3 of ≤20, rows ≤10 of ≤24). */
export const readGraphBody = (body: string) => GraphBody.parse(JSON.parse(body));

export function whatsappCase(): ChatCase {
  return {
    type: "whatsapp_cloud",
    label: "WhatsApp Cloud",
    tappable: true,
    credentials: WHATSAPP,
    settings: {},
    newContact: () => `1555${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`,
    text: (channelId, contact, text) => whatsappPost(channelId, whatsappPayload([whatsappText(contact, text)], { from: contact })),
    tap(channelId, contact, choice, form) {
      const kind = form === "list" ? "list_reply" : "button_reply";
      const message = {
        context: { from: "15550001234", id: `wamid.${hex(20)}` },
        from: contact,
        id: `wamid.${hex(20)}`,
        timestamp: "1686848900",
        type: "interactive",
        interactive: kind === "list_reply" ? { type: "list_reply", list_reply: { id: choice.id, title: choice.label } } : { type: "button_reply", button_reply: { id: choice.id, title: choice.label } },
      };
      return whatsappPost(channelId, whatsappPayload([message], { from: contact }));
    },
    unsigned: (post) => ({ ...post, headers: { "content-type": "application/json" } }),
    forged: (post) => ({ ...post, headers: { ...post.headers, "x-hub-signature-256": hubSignature(post.body, "not-the-app-secret-at-all") } }),
    malformed: (channelId) => whatsappPost(channelId, { object: "whatsapp_business_account", entry: [{ id: "1", changes: [{ field: "messages", value: { messaging_product: "whatsapp", metadata: {} } }] }] }),
    received(contact, standIn) {
      return this.sends(contact, standIn).map((request): Received => {
        const body = readGraphBody(request.body);
        if (body.interactive?.type === "button") return { text: body.interactive.body.text, form: "buttons", choices: body.interactive.action.buttons.map((button) => ({ id: button.reply.id, label: button.reply.title })) };
        if (body.interactive?.type === "list") return { text: body.interactive.body.text, form: "list", choices: body.interactive.action.sections.flatMap((section) => section.rows.map((row) => ({ id: row.id, label: row.title }))) };
        return { text: body.text?.body ?? "", form: "text" };
      });
    },
    sends: (contact, standIn) => standIn.to(graphMessagesPath).filter((request) => readGraphBody(request.body).to === contact),
  };
}

// ── Telegram ───────────────────────────────────────────────────────────────────────────────────

export const TELEGRAM = { botToken: "7012345678:AAH-test_bot_token_0123456789abcdefXYZ", secretToken: "telegram-secret-token_0123" };
export const telegramMethodPath = (method: string) => `/bot${TELEGRAM.botToken}/${method}`;

let updateId = 100_000 + Math.floor(Math.random() * 1_000_000);

export function telegramPost(channelId: string, update: unknown): ProviderPost {
  return { path: `/webhooks/telegram/${channelId}`, headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": TELEGRAM.secretToken }, body: JSON.stringify(update) };
}

const from = (chatId: number) => ({ id: chatId, is_bot: false, first_name: "Ana", last_name: "Lima", language_code: "en" });
export const telegramTextUpdate = (chatId: number, text: string) => {
  updateId += 1;
  return { update_id: updateId, message: { message_id: updateId, from: from(chatId), chat: { id: chatId, first_name: "Ana", type: "private" }, date: 1700000000, text } };
};
export const telegramCallbackUpdate = (chatId: number, data: string) => {
  updateId += 1;
  return {
    update_id: updateId,
    callback_query: {
      id: `${4382000000000000000 + updateId}`,
      from: from(chatId),
      message: { message_id: 5, from: { id: 7012345678, is_bot: true, first_name: "Acme" }, chat: { id: chatId, type: "private" }, date: 1700000000, text: "Choose" },
      chat_instance: "-8855392211470116432",
      data,
    },
  };
};

const SendMessageBody = z.strictObject({
  chat_id: z.number(),
  text: z.string().min(1).max(4096),
  reply_markup: z
    .strictObject({ inline_keyboard: z.array(z.array(z.strictObject({ text: z.string().min(1), callback_data: z.string().refine((data) => Buffer.byteLength(data) >= 1 && Buffer.byteLength(data) <= 64, "callback_data is 1-64 bytes") }))) })
    .optional(),
});
export const readSendMessage = (body: string) => SendMessageBody.parse(JSON.parse(body));

export function telegramCase(): ChatCase {
  return {
    type: "telegram",
    label: "Telegram",
    tappable: true,
    credentials: TELEGRAM,
    settings: {},
    newContact: () => String(100_000_000 + Math.floor(Math.random() * 800_000_000)),
    text: (channelId, contact, text) => telegramPost(channelId, telegramTextUpdate(Number(contact), text)),
    tap: (channelId, contact, choice) => telegramPost(channelId, telegramCallbackUpdate(Number(contact), choice.id)),
    unsigned: (post) => ({ ...post, headers: { "content-type": "application/json" } }),
    forged: (post) => ({ ...post, headers: { ...post.headers, "x-telegram-bot-api-secret-token": "telegram-secret-token_0124" } }),
    malformed: (channelId) => telegramPost(channelId, { message: { text: "no update id" } }),
    received(contact, standIn) {
      return this.sends(contact, standIn).map((request): Received => {
        const body = readSendMessage(request.body);
        const keyboard = body.reply_markup?.inline_keyboard.flat();
        return keyboard === undefined ? { text: body.text, form: "text" } : { text: body.text, form: "inline_keyboard", choices: keyboard.map((button) => ({ id: button.callback_data, label: button.text })) };
      });
    },
    sends: (contact, standIn) => standIn.to(telegramMethodPath("sendMessage")).filter((request) => String(readSendMessage(request.body).chat_id) === contact),
  };
}

/** Every chat driver reached by provider webhooks; the web chat case file adds its own beside. */
export const CHAT_CASES: readonly ChatCase[] = [twilioCase(), twilioCase(true), whatsappCase(), telegramCase()];
