import twilio from "twilio";
import type { Effect, SessionState } from "../../engine/index";
import type { ChannelOf } from "../channel-config";
import type { ChannelCapabilities, ChannelCheck, ChannelDriver, DriverContext, ParsedWebhook, ParseResult, Processed, RoomDelivery, WebhookReply, WebhookRequest } from "../channel-driver";
import { verifyTwilioSignature } from "../twilio-signature";
import type { ChatMessage } from "../chat-message";
import { answerChat } from "../chat/answer-chat";
import { deliverChat, pushChat } from "../chat/chat-sending";
import { CHAT_APOLOGY } from "../chat/chat-texts";
import type { ChatAddress, ChatTransport } from "../chat/chat-transport";
import { checkTwilioAccount } from "../twilio-account";
import { processMessageStatus } from "./message-status";
import { messagingInput } from "./messaging-input";
import { sendTwilioMessage } from "./messages-api";
import { type MessagingWebhook, parseMessagingWebhook } from "./parse-messaging-webhook";

type MessagingChannel = ChannelOf<"twilio_messaging">;

/** What the sender of a disabled channel is answered. */
export const MESSAGING_NOT_AVAILABLE = "Sorry, this number is not available at the moment.";

const twiml = (body: string): WebhookReply => ({ status: 200, contentType: "text/xml; charset=utf-8", body });

/** Immediate replies: one `<Message>` each, built by the official package (`twilio.twiml.MessagingResponse`). */
export function messagingTwiml(messages: readonly ChatMessage[]): string {
  const response = new twilio.twiml.MessagingResponse();
  for (const message of messages) response.message(message.text);
  return response.toString();
}

/** `whatsapp:+1…` for WhatsApp through Twilio, `+1…` for SMS. */
const isWhatsApp = (address: string): boolean => address.startsWith("whatsapp:");

/**
 * Twilio Programmable Messaging (SMS, and WhatsApp through Twilio): Twilio posts each incoming
 * message; replies to it are TwiML `<Message>`s in the answer; anything later (timers, agents)
 * goes through the Messages REST API. Menus are numbered text. See README: "Twilio messaging".
 */
export class TwilioMessagingDriver implements ChannelDriver<"twilio_messaging", MessagingWebhook>, ChatTransport<"twilio_messaging"> {
  readonly type = "twilio_messaging";
  readonly kind = "chat";
  readonly capabilities: ChannelCapabilities = { voice: false, dtmf: false, speech: false, buttons: false, freeText: true };
  readonly webhookPath = "twilio/messaging";
  readonly routes = ["", "status"];

  webhookUrls(channel: MessagingChannel, publicUrl: string): Record<string, string> {
    return { messaging: messagingUrl(publicUrl, channel.id) };
  }

  /** X-Twilio-Signature checked by the official package, exactly as for voice; the request must name the channel's account. */
  verify(request: WebhookRequest, channel: MessagingChannel): boolean {
    return verifyTwilioSignature(request, channel.credentials);
  }

  parse(request: WebhookRequest): ParseResult<MessagingWebhook> {
    return parseMessagingWebhook(request);
  }

  /**
   * A message that comes in goes through the shared chat logic; the replies are answered as TwiML
   * (Twilio sends them). A status callback of a message we sent takes no step (message-status.ts).
   */
  async process(webhook: ParsedWebhook<MessagingWebhook>, channel: MessagingChannel, context: DriverContext): Promise<Processed> {
    const { payload } = webhook;
    if (payload.route === "status") return processMessageStatus(payload, channel, context);
    const { params } = payload;
    const phone = params.From.replace(/^whatsapp:/, "");
    const answer = await answerChat(
      channel,
      {
        contact: params.From,
        input: messagingInput(params),
        eventId: params.MessageSid,
        caller: { ...(phone.startsWith("+") ? { phone } : {}), ...(params.ProfileName === undefined || params.ProfileName === "" ? {} : { name: params.ProfileName }) },
        to: params.To,
      },
      this,
      context,
      { send: false },
    );
    return { reply: twiml(messagingTwiml(answer.replies)), ...(answer.sessionId === undefined ? {} : { sessionId: answer.sessionId }), ...(answer.problem === undefined ? {} : { problem: answer.problem }) };
  }

  failed(): WebhookReply {
    return twiml(messagingTwiml([{ text: CHAT_APOLOGY }]));
  }

  disabled(): WebhookReply {
    return twiml(messagingTwiml([{ text: MESSAGING_NOT_AVAILABLE }]));
  }

  replay(body: string): WebhookReply {
    return twiml(body);
  }

  push(state: SessionState, effects: readonly Effect[], channel: MessagingChannel, context: DriverContext): Promise<void> {
    return pushChat(state, effects, channel, this, context);
  }

  deliver(delivery: RoomDelivery, channel: MessagingChannel, context: DriverContext): Promise<void> {
    return deliverChat(delivery, channel, this, context);
  }

  check(channel: MessagingChannel, context: DriverContext): Promise<ChannelCheck> {
    return checkTwilioAccount(channel.credentials, context.providerApis.twilio);
  }

  /**
   * One message over the REST API, from the number the customer wrote to (the session's
   * `call.to`), else the channel's `settings.phoneNumber` (`whatsapp:`-prefixed for WhatsApp).
   * Twilio reports its delivery to `/status` (naming the agent room it came from, if any).
   */
  async send(channel: MessagingChannel, to: ChatAddress, message: ChatMessage, context: DriverContext): Promise<void> {
    const from = to.state?.call.to ?? senderFromSettings(channel, to.contact);
    if (from === undefined) throw new Error(`no number to send from: set settings.phoneNumber of channel ${channel.id}`);
    const room = to.conversationId === undefined ? "" : `?conversation=${encodeURIComponent(to.conversationId)}`;
    const statusCallback = `${messagingUrl(context.publicUrl, channel.id)}/status${room}`;
    await sendTwilioMessage(channel.credentials, { from, to: to.contact, body: message.text, statusCallback }, context.providerApis.twilio);
  }
}

const messagingUrl = (publicUrl: string, channelId: string): string => `${publicUrl}/webhooks/twilio/messaging/${encodeURIComponent(channelId)}`;

function senderFromSettings(channel: MessagingChannel, contact: string): string | undefined {
  const number = channel.settings.phoneNumber;
  if (number === undefined) return undefined;
  return isWhatsApp(contact) || channel.settings.whatsapp === true ? `whatsapp:${number}` : number;
}
