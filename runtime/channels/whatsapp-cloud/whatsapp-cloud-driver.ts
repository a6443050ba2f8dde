import type { Effect, SessionState } from "../../engine/index";
import type { ChannelOf } from "../channel-config";
import type { ChannelCapabilities, ChannelCheck, ChannelDriver, DriverContext, ParsedWebhook, ParseResult, Processed, RoomDelivery, WebhookReply, WebhookRequest } from "../channel-driver";
import type { ChatMessage } from "../chat-message";
import { answerChat } from "../chat/answer-chat";
import { deliverChat, pushChat } from "../chat/chat-sending";
import type { ChatAddress, ChatTransport } from "../chat/chat-transport";
import { tellRoomUndelivered } from "../chat/tell-room-undelivered";
import { whatsappUndeliveredNote } from "./undelivered-note";
import type { WhatsAppStatus } from "./whatsapp-payload";
import { checkGraphPhoneNumber, sendGraphMessage } from "./graph-api";
import { parseWhatsAppWebhook, type WhatsAppEvent, type WhatsAppWebhookEvents } from "./parse-whatsapp-webhook";
import { whatsappMessageBody } from "./whatsapp-message-body";
import { sameSecret } from "../same-secret";
import { validWhatsAppSignature } from "./whatsapp-signature";
import { callPermissionReplyText } from "./call-permission-reply-text";
import type { MediaCalls } from "../../media/calls/media-calls";
import type { CollectEffect } from "../../sessions/timer-plan";
import { voiceInputBackstopMs } from "../voice-input-backstop";
import { WhatsAppCalls, type WhatsAppCallsDeps } from "./whatsapp-calls";

type WhatsAppChannel = ChannelOf<"whatsapp_cloud">;

/** Meta only needs a 200: anything else is retried. */
const RECEIVED: WebhookReply = { status: 200, contentType: "text/plain; charset=utf-8", body: "EVENT_RECEIVED" };

/**
 * The WhatsApp Cloud API (Meta): a GET handshake, signed JSON webhooks in (messages, button and
 * list replies, delivery statuses, calls), Graph API messages out (reply buttons, lists, text).
 * Users' WhatsApp calls run the channel's calling flow on the media plane (`WhatsAppCalls`). See
 * README: "WhatsApp Cloud API".
 */
export class WhatsAppCloudDriver implements ChannelDriver<"whatsapp_cloud", WhatsAppWebhookEvents>, ChatTransport<"whatsapp_cloud"> {
  readonly type = "whatsapp_cloud";
  readonly kind = "chat";
  readonly capabilities: ChannelCapabilities = { voice: false, dtmf: false, speech: false, buttons: true, freeText: true, maxButtons: 3, maxButtonLabel: 20, maxListRows: 10, maxListRowTitle: 24 };
  readonly webhookPath = "whatsapp";
  readonly routes = [""];
  readonly verifyFirst = true;
  /** WhatsApp Business calling on the media plane. */
  readonly voice: WhatsAppCalls;

  constructor(private readonly calls?: MediaCalls, deps: Omit<WhatsAppCallsDeps, "calls"> = {}) {
    this.voice = new WhatsAppCalls({ ...deps, calls });
  }

  webhookUrls(channel: WhatsAppChannel, publicUrl: string): Record<string, string> {
    return { callback: `${publicUrl}/webhooks/whatsapp/${encodeURIComponent(channel.id)}` };
  }

  /** `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`: the raw challenge when the token is the channel's; else refused (403). */
  handshake(request: WebhookRequest, channel: WhatsAppChannel): WebhookReply | undefined {
    const challenge = request.query.get("hub.challenge");
    const token = request.query.get("hub.verify_token");
    if (request.query.get("hub.mode") !== "subscribe" || token === null || challenge === null || challenge === "") return undefined;
    if (!sameSecret(token, channel.credentials.verifyToken)) return undefined;
    return { status: 200, contentType: "text/plain; charset=utf-8", body: challenge };
  }

  /** X-Hub-Signature-256 over the raw body with the app secret, before the body is read. */
  verify(request: WebhookRequest, channel: WhatsAppChannel): boolean {
    return validWhatsAppSignature(request.headers.get("x-hub-signature-256"), request.bytes, channel.credentials.appSecret);
  }

  parse(request: WebhookRequest): ParseResult<WhatsAppWebhookEvents> {
    return parseWhatsAppWebhook(request);
  }

  /**
   * Each message and status of the payload, in order, deduped by its own id in the inbound log
   * (a message already handled, e.g. in an earlier delivery that batched it differently, is
   * skipped). Statuses are stored and take no step. A message that fails is logged and the
   * others still run. Events for another phone number id are ignored.
   */
  async process(webhook: ParsedWebhook<WhatsAppWebhookEvents>, channel: WhatsAppChannel, context: DriverContext): Promise<Processed> {
    let sessionId: string | undefined;
    let problem: string | undefined;
    for (const event of webhook.payload.events) {
      if (event.phoneNumberId !== channel.credentials.phoneNumberId) {
        context.log(`whatsapp_cloud ${channel.id}: ignored ${event.kind} ${event.id} for phone number id ${event.phoneNumberId}`);
        continue;
      }
      try {
        const handled = await this.handle(event, channel, context);
        sessionId = handled.sessionId ?? sessionId;
        problem = handled.problem ?? problem;
      } catch (error) {
        context.log(`whatsapp_cloud ${channel.id}: ${event.kind} ${event.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        problem = `processing a message failed: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    return { reply: RECEIVED, ...(sessionId === undefined ? {} : { sessionId }), ...(problem === undefined ? {} : { problem }) };
  }

  private async handle(event: WhatsAppEvent, channel: WhatsAppChannel, context: DriverContext): Promise<{ sessionId?: string; problem?: string }> {
    const recorded = await context.store.inbound.recordInbound({ channelType: this.type, channelId: channel.id, providerEventId: eventIdOf(event), payload: JSON.stringify(event.raw) });
    // Already handled (Meta's retry, or the same event batched again): a call's retried connect gets no second answer or session.
    if (!recorded.inserted) return {};
    if (event.kind === "call_connect" || event.kind === "call_terminate" || event.kind === "call_status" || event.kind === "call_other") {
      const handled = await this.voice.handle(event, channel, context);
      await context.store.inbound.setResponse(recorded.id, handled.outcome);
      return {};
    }
    if (event.kind === "call_permission_reply") {
      // Stored (the inbound log keeps it); the agents of the customer's open conversation read it. Meta's call_permissions stays the truth.
      const text = callPermissionReplyText(event, Date.now());
      context.log(`whatsapp_cloud ${channel.id}: ${event.from}: ${text}`);
      const conversation = await context.store.rooms.conversations.findOpenByContact(channel.type, channel.id, event.from);
      if (conversation !== undefined) await context.rooms?.agentNote(conversation.id, text);
      await context.store.inbound.setResponse(recorded.id, text, conversation?.sessionId ?? null);
      return {};
    }
    if (event.kind === "status") {
      // A message that failed (e.g. 131047: outside the 24-hour window) is told to the customer's room.
      const failed = event.status === "failed" ? await this.undelivered(event.raw, channel, context) : {};
      await context.store.inbound.setResponse(recorded.id, "", failed.sessionId ?? null);
      return {};
    }
    if (event.input === undefined) {
      context.log(`whatsapp_cloud ${channel.id}: message ${event.id} of type ${event.raw.type} is no message to answer (an edit, a deletion, a system notice); stored`);
      await context.store.inbound.setResponse(recorded.id, "");
      return {};
    }
    const answer = await answerChat(
      channel,
      { contact: event.from, input: event.input, eventId: event.id, caller: { phone: `+${event.from}`, ...(event.name === undefined ? {} : { name: event.name }) } },
      this,
      context,
      { send: true },
    );
    await context.store.inbound.setResponse(recorded.id, "", answer.sessionId ?? null);
    return { ...(answer.sessionId === undefined ? {} : { sessionId: answer.sessionId }), ...(answer.problem === undefined ? {} : { problem: answer.problem }) };
  }

  /** A `failed` status: logged, and told to the customer's open conversation (an agent's message the customer did not get). */
  private async undelivered(status: WhatsAppStatus, channel: WhatsAppChannel, context: DriverContext): Promise<{ sessionId?: string }> {
    const code = status.errors?.[0]?.code;
    context.log(`whatsapp_cloud ${channel.id}: message ${status.id} failed${code === undefined ? "" : ` (error ${code})`}`);
    if (status.recipient_id === undefined) return {};
    return tellRoomUndelivered(context, channel, { contact: status.recipient_id }, whatsappUndeliveredNote(status));
  }

  failed(): WebhookReply {
    return RECEIVED;
  }

  /** A disabled channel: 200 (Meta would retry anything else), nothing sent, nothing stored. */
  disabled(): WebhookReply {
    return RECEIVED;
  }

  replay(): WebhookReply {
    return RECEIVED;
  }

  /** Calls (voice sessions) go to the media plane; chats to the contact through the Graph API. */
  async push(state: SessionState, effects: readonly Effect[], channel: WhatsAppChannel, context: DriverContext): Promise<void> {
    if (state.channel.kind === "voice") {
      this.calls?.push(state, effects);
      return;
    }
    await pushChat(state, effects, channel, this, context);
  }

  /** A call plays its prompts before the silence is timed (the media plane): the runner's timer is a backstop; a chat's runs from the answer. */
  inputTimerMs(effects: readonly Effect[], collect: CollectEffect, kind?: "voice" | "chat"): number {
    return kind === "voice" ? voiceInputBackstopMs(effects, collect) : collect.timeoutSeconds * 1000;
  }

  /** A chat's room events reach the customer as messages; a call's do not (the caller hears the agent, hold music, the end). */
  async deliver(delivery: RoomDelivery, channel: WhatsAppChannel, context: DriverContext): Promise<void> {
    if (delivery.sessionId !== null && (await context.store.calls.bySession(delivery.sessionId)).length > 0) return;
    await deliverChat(delivery, channel, this, context);
  }

  check(channel: WhatsAppChannel, context: DriverContext): Promise<ChannelCheck> {
    return checkGraphPhoneNumber(channel, context.providerApis.whatsappGraph);
  }

  async send(channel: WhatsAppChannel, to: ChatAddress, message: ChatMessage, context: DriverContext): Promise<void> {
    await sendGraphMessage(channel, whatsappMessageBody(to.contact, message), context.providerApis.whatsappGraph);
  }
}

/** The inbound log's id of one event: messages by wamid, statuses by id and status, call events by call id and event. */
function eventIdOf(event: WhatsAppEvent): string {
  switch (event.kind) {
    case "message":
    case "call_permission_reply":
      return event.id;
    case "status":
      return `status:${event.id}:${event.status}`;
    case "call_connect":
      return `call:${event.id}:connect`;
    case "call_terminate":
      return `call:${event.id}:terminate`;
    case "call_other":
      return `call:${event.id}:${event.event}`;
    case "call_status":
      return `call-status:${event.id}:${event.status}`;
  }
}
