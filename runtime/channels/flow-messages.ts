import type { SessionState } from "../engine/index";
import type { MessageSender, SendMessageEffect, SendOutcome } from "../sessions/message-sender";
import { type Channel, type ChannelOf } from "./channel-config";
import { type DriverContext, isChannelOf } from "./channel-driver";
import { chatContact } from "./chat/chat-contact";
import { sendChat } from "./chat/chat-sending";
import type { ChatTransport } from "./chat/chat-transport";
import { ProviderApiError } from "./provider-api-error";

/** The senders of the channel types a send_message can use: the drivers' own (`ChatTransport.send`). */
export interface MessagingTransports {
  twilio_messaging: ChatTransport<"twilio_messaging">;
  whatsapp_cloud: ChatTransport<"whatsapp_cloud">;
  telegram: ChatTransport<"telegram">;
}

/** The simulator's sessions (runtime/http/routes/simulations-routes.ts): nothing leaves the runtime. */
const SIMULATOR = "simulator";

/**
 * The caller's address on a channel of `type`, when that type can reach them: a session of the
 * same type has its own contact; a phone caller is reached by SMS (their number) or WhatsApp
 * Cloud (the number without `+`, WhatsApp's wa_id); Telegram reaches only its own chats.
 */
export function callerAddress(state: SessionState, type: keyof MessagingTransports): string | undefined {
  if (state.channel.type === type) return chatContact(state);
  const phone = state.caller.phone ?? (state.channel.kind === "voice" ? state.call.from : undefined);
  if (phone === undefined || !/^\+[1-9][0-9]{6,14}$/.test(phone)) return undefined;
  if (type === "twilio_messaging") return phone;
  if (type === "whatsapp_cloud") return phone.slice(1);
  return undefined;
}

/** Why a send failed, in a line for the step's note and `nodes.<id>.error`. */
function failureOf(error: unknown): string {
  if (error instanceof ProviderApiError) return error.status === 0 ? `${error.provider} could not be reached` : `${error.provider} refused the message (HTTP ${error.status}): ${error.body.slice(0, 300)}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * send_message for the runner: finds the channel, checks it can send, works out the address and
 * sends through the channel's own sender (`sendChat`: in order with the contact's other messages;
 * refused credentials mark the channel `error`, as for every other message). Every outcome is
 * logged; it never throws.
 */
export class FlowMessages implements MessageSender {
  constructor(
    private readonly transports: MessagingTransports,
    private readonly context: DriverContext,
  ) {}

  async send(effect: SendMessageEffect, session: { sessionId: string; state: SessionState }): Promise<SendOutcome> {
    const outcome = await this.attempt(effect, session.state);
    const where = `send_message ${effect.nodeId} of session ${session.sessionId} through channel ${effect.channelId ?? session.state.channel.id ?? "(none)"}`;
    this.context.log(outcome.ok ? `${where}: sent to ${outcome.to}` : `${where}: failed${outcome.to === undefined ? "" : ` (to ${outcome.to})`}: ${outcome.error}`);
    return outcome;
  }

  private async attempt(effect: SendMessageEffect, state: SessionState): Promise<SendOutcome> {
    const simulated = state.channel.type === SIMULATOR;
    // A simulated chat has no channel of its own: what it would send is shown, not sent.
    if (simulated && effect.channelId === undefined) return { ok: true, to: effect.to ?? state.caller.phone ?? "the caller" };
    const channelId = effect.channelId ?? state.channel.id;
    if (channelId === undefined) return { ok: false, error: `this ${state.channel.type} session has no channel of its own to send through; choose a messaging channel` };
    const channel = await this.context.channels.get(channelId);
    if (channel === undefined) return { ok: false, error: `channel ${channelId} does not exist` };
    if (!channel.enabled) return { ok: false, error: `channel "${channel.name}" is disabled` };
    if (!isMessaging(channel)) return { ok: false, error: `channel "${channel.name}" is a ${channel.type} channel, which cannot send messages` };
    const to = effect.to === undefined ? callerAddress(state, channel.type) : effect.to;
    if (to === undefined || to === "") {
      return { ok: false, error: effect.to === undefined ? `a ${channel.type} channel cannot reach the caller of this ${state.channel.type} session; give an address` : "the address is empty" };
    }
    if (simulated) return { ok: true, to };
    // The session's own channel answers from the address the customer wrote to; another channel sends from its own.
    const address = { contact: to, ...(state.channel.id === channel.id ? { state } : {}) };
    try {
      await this.sendThrough(channel, address, effect.text);
      return { ok: true, to };
    } catch (error) {
      return { ok: false, to, error: failureOf(error) };
    }
  }

  private sendThrough(channel: MessagingChannel, address: { contact: string; state?: SessionState }, text: string): Promise<void> {
    const messages = [{ text }];
    switch (channel.type) {
      case "twilio_messaging":
        return sendChat(channel, address, messages, this.transports.twilio_messaging, this.context);
      case "whatsapp_cloud":
        return sendChat(channel, address, messages, this.transports.whatsapp_cloud, this.context);
      case "telegram":
        return sendChat(channel, address, messages, this.transports.telegram, this.context);
    }
  }
}

type MessagingChannel = ChannelOf<"twilio_messaging"> | ChannelOf<"whatsapp_cloud"> | ChannelOf<"telegram">;

function isMessaging(channel: Channel): channel is MessagingChannel {
  return isChannelOf(channel, "twilio_messaging") || isChannelOf(channel, "whatsapp_cloud") || isChannelOf(channel, "telegram");
}
