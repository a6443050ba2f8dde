import { z } from "zod";
import { Template } from "../primitives";
import { bothChannels, type CheckContext, defineNode, everyHandleExpected, type NodeProblem, noPatterns, noWrites, truncate } from "./node-definition";

/** The channel types a send_message node can send through (their outbound senders: the Twilio Messages API, the Graph API, the Bot API). */
export const MESSAGING_CHANNEL_TYPES = ["twilio_messaging", "whatsapp_cloud", "telegram"] as const;
export const MessagingChannelType = z.enum(MESSAGING_CHANNEL_TYPES);

export const SendMessageData = z.strictObject({
  channelId: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe("The messaging channel it sends through (Twilio messaging, WhatsApp Cloud or Telegram), by id; absent: the chat's own channel (a call must name one)"),
  to: Template.optional().describe(
    "The address, e.g. {{vars.mobile}} (+1… for SMS, whatsapp:+1… through Twilio, a phone number for WhatsApp Cloud, a chat id for Telegram); absent: the caller",
  ),
  text: Template.min(1).max(4096).describe("The message, e.g. Here is your link: https://example.com/r/{{vars.ref}}"),
});
export type SendMessageData = z.infer<typeof SendMessageData>;

/** What the validator checks of the channel a send_message names, when it knows the channels. */
function checkChannel(data: SendMessageData, context: CheckContext): NodeProblem[] {
  const channels = context.messagingChannels;
  if (channels === undefined || data.channelId === undefined) return [];
  const channel = channels.get(data.channelId);
  if (channel === undefined) return [{ code: "message_channel_missing", message: `send_message names channel "${data.channelId}", which does not exist`, pointer: "/channelId" }];
  if (!MessagingChannelType.safeParse(channel.type).success) {
    return [{ code: "message_channel_missing", message: `send_message names channel "${channel.name}", a ${channel.type} channel, which cannot send messages (use ${MESSAGING_CHANNEL_TYPES.join(", ")})`, pointer: "/channelId" }];
  }
  if (!channel.enabled) return [{ code: "message_channel_disabled", message: `send_message names channel "${channel.name}", which is disabled`, pointer: "/channelId" }];
  return [];
}

/**
 * send_message: one message through a messaging channel, from any flow (a voice flow texting a
 * link), to the caller or a templated address. `sent` once the provider accepted it, `failed`
 * otherwise; `nodes.<id>` gets `{status, to, error?}`.
 */
export const sendMessageNode = defineNode({
  type: "send_message",
  title: "Send message",
  description: "Send an SMS, WhatsApp or Telegram message through a messaging channel, to the caller or an address.",
  data: SendMessageData,
  starter: () => ({ channelId: "sms", text: "Here is the link we promised: https://example.com" }),
  outputs: () => [
    { id: "sent", label: "Sent" },
    { id: "failed", label: "Failed" },
  ],
  terminal: false,
  waitsForInput: false,
  // Without a channel it answers on the chat's own: a call cannot.
  channels: (data) => (data.channelId === undefined ? ["chat"] : bothChannels()),
  templates: (data) => [{ pointer: "/text", template: data.text }, ...(data.to === undefined ? [] : [{ pointer: "/to", template: data.to }])],
  writes: noWrites,
  patterns: noPatterns,
  optionalHandle: everyHandleExpected,
  check: checkChannel,
  summary: (data) => truncate(`${data.to === undefined ? "to the caller" : `to ${data.to}`} via ${data.channelId ?? "this chat's channel"}: ${data.text}`),
});
