import type { Effect, SessionState } from "../../engine/index";
import type { ChannelOf } from "../channel-config";
import type { ChannelCapabilities, ChannelCheck, ChannelDriver, DriverContext, ParsedWebhook, ParseResult, Processed, RoomDelivery, WebhookReply, WebhookRequest } from "../channel-driver";
import type { ChatMessage } from "../chat-message";
import { answerChat } from "../chat/answer-chat";
import { deliverChat, pushChat } from "../chat/chat-sending";
import type { ChatInput } from "../chat/chat-inbound";
import type { ChatAddress, ChatTransport } from "../chat/chat-transport";
import { sameSecret } from "../same-secret";
import { callBotApi } from "./bot-api";
import { parseTelegramUpdate, type TelegramEvent } from "./parse-telegram-update";
import { telegramMessageBody } from "./telegram-message-body";
import { checkTelegramBot, setTelegramWebhook } from "./telegram-setup";

type TelegramChannel = ChannelOf<"telegram">;

const OK: WebhookReply = { status: 200, contentType: "application/json", body: '{"ok":true}' };
/** What a tap shows when the server could not map it and the flow waits for no input (nor do agents read it). */
export const STALE_BUTTON = "This menu is no longer active.";

/**
 * Telegram Bot API: updates posted to the webhook (secret header), `sendMessage` with inline
 * keyboards out, `answerCallbackQuery` for every tap, `setWebhook` / `getMe` / `getWebhookInfo`
 * for the channel's actions. See README: "Telegram".
 */
export class TelegramDriver implements ChannelDriver<"telegram", TelegramEvent>, ChatTransport<"telegram"> {
  readonly type = "telegram";
  readonly kind = "chat";
  readonly capabilities: ChannelCapabilities = { voice: false, dtmf: false, speech: false, buttons: true, freeText: true, maxButtons: 12 };
  readonly webhookPath = "telegram";
  readonly routes = [""];
  readonly verifyFirst = true;

  webhookUrls(channel: TelegramChannel, publicUrl: string): Record<string, string> {
    return { webhook: `${publicUrl}/webhooks/telegram/${encodeURIComponent(channel.id)}` };
  }

  /** `X-Telegram-Bot-Api-Secret-Token` equals the channel's secret token (constant time). */
  verify(request: WebhookRequest, channel: TelegramChannel): boolean {
    const token = request.headers.get("x-telegram-bot-api-secret-token");
    return token !== null && sameSecret(token, channel.credentials.secretToken);
  }

  parse(request: WebhookRequest): ParseResult<TelegramEvent> {
    return parseTelegramUpdate(request);
  }

  /**
   * A text, a tap (its callback_data mapped to the current menu, else its button's text) and a
   * message the flow cannot read go through the shared chat logic; a tap is always answered.
   */
  async process(webhook: ParsedWebhook<TelegramEvent>, channel: TelegramChannel, context: DriverContext): Promise<Processed> {
    const event = webhook.payload;
    if (event.kind === "other") {
      context.log(`telegram ${channel.id}: update ${event.updateId} is ${event.what}; not acted on`);
      if (event.callbackId !== undefined) await this.answerCallback(channel, event.callbackId, undefined, context);
      return { reply: OK };
    }
    const input: ChatInput =
      event.kind === "text"
        ? { kind: "text", text: event.text }
        : event.kind === "unsupported"
          ? event.input
          : { kind: "button", id: event.data.slice(0, 64), ...(event.title === undefined ? {} : { title: event.title }) };
    const answer = await answerChat(
      channel,
      {
        contact: String(event.chatId),
        input,
        eventId: String(event.updateId),
        caller: event.name === undefined ? {} : { name: event.name },
      },
      this,
      context,
      { send: true },
    );
    if (event.kind === "callback") await this.answerCallback(channel, event.callbackId, answer.received.outcome === "ignored" ? STALE_BUTTON : undefined, context);
    return { reply: OK, ...(answer.sessionId === undefined ? {} : { sessionId: answer.sessionId }), ...(answer.problem === undefined ? {} : { problem: answer.problem }) };
  }

  /** Stops the client's spinner; failures are logged (the tap itself was handled). */
  private async answerCallback(channel: TelegramChannel, callbackId: string, text: string | undefined, context: DriverContext): Promise<void> {
    try {
      await callBotApi(channel, "answerCallbackQuery", { callback_query_id: callbackId, ...(text === undefined ? {} : { text }) }, context.providerApis.telegram);
    } catch (error) {
      context.log(`telegram ${channel.id}: answerCallbackQuery failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  failed(): WebhookReply {
    return OK;
  }

  /** A disabled channel: 200 (Telegram would retry anything else), nothing sent, nothing stored. */
  disabled(): WebhookReply {
    return OK;
  }

  replay(): WebhookReply {
    return OK;
  }

  push(state: SessionState, effects: readonly Effect[], channel: TelegramChannel, context: DriverContext): Promise<void> {
    return pushChat(state, effects, channel, this, context);
  }

  deliver(delivery: RoomDelivery, channel: TelegramChannel, context: DriverContext): Promise<void> {
    return deliverChat(delivery, channel, this, context);
  }

  check(channel: TelegramChannel, context: DriverContext): Promise<ChannelCheck> {
    return checkTelegramBot(channel, this.webhookUrls(channel, context.publicUrl).webhook ?? "", context.providerApis.telegram);
  }

  registerWebhook(channel: TelegramChannel, context: DriverContext): Promise<ChannelCheck> {
    return setTelegramWebhook(channel, this.webhookUrls(channel, context.publicUrl).webhook ?? "", context.providerApis.telegram);
  }

  async send(channel: TelegramChannel, to: ChatAddress, message: ChatMessage, context: DriverContext): Promise<void> {
    await callBotApi(channel, "sendMessage", telegramMessageBody(to.contact, message), context.providerApis.telegram);
  }
}
