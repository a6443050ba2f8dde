import type { ChannelOf } from "../channel-config";
import type { DriverContext, Processed, WebhookReply } from "../channel-driver";
import { tellRoomUndelivered } from "../chat/tell-room-undelivered";
import type { MessagingWebhook } from "./parse-messaging-webhook";

type StatusWebhook = Extract<MessagingWebhook, { route: "status" }>;

/** What the common Twilio messaging errors mean, for agents (https://www.twilio.com/docs/api/errors). */
const ERROR_MEANINGS: Readonly<Record<string, string>> = {
  "21610": "the recipient has opted out (replied STOP)",
  "21211": "the number is not a valid phone number",
  "21614": "the number is not a mobile number",
  "30003": "the handset is unreachable",
  "30004": "the message was blocked",
  "30005": "the number is unknown or no longer in service",
  "30006": "the number is a landline or its carrier cannot receive messages",
  "30007": "the carrier filtered the message",
  "30008": "the carrier reported an unknown error",
  "63016": "it was sent outside WhatsApp's 24-hour window, when only an approved template may be sent",
  "63024": "the recipient is not a WhatsApp user",
};

/** The room's note for a message Twilio could not deliver. */
export function undeliveredNote(params: StatusWebhook["params"]): string {
  const to = params.To === undefined || params.To === "" ? "the customer" : params.To;
  const code = params.ErrorCode;
  const meaning = code === undefined ? undefined : ERROR_MEANINGS[code];
  const why = code === undefined ? "" : meaning === undefined ? ` (Twilio error ${code})` : `: ${meaning} (Twilio error ${code})`;
  return `A message to ${to} was not delivered${why}.`;
}

const empty: WebhookReply = { status: 200, contentType: "text/xml; charset=utf-8", body: '<?xml version="1.0" encoding="UTF-8"?><Response/>' };

/**
 * A status callback of a message sent over the Messages API. It is stored (the inbound log) and
 * takes no step. `undelivered` and `failed` are logged, and when the message came from an agent
 * room the room is told, so the agent knows the customer did not get it.
 */
export async function processMessageStatus(webhook: StatusWebhook, channel: ChannelOf<"twilio_messaging">, context: DriverContext): Promise<Processed> {
  const { params, conversationId } = webhook;
  if (params.MessageStatus !== "undelivered" && params.MessageStatus !== "failed") return { reply: empty };
  const note = undeliveredNote(params);
  context.log(`twilio_messaging ${channel.id}: message ${params.MessageSid} ${params.MessageStatus}${params.ErrorCode === undefined ? "" : ` (error ${params.ErrorCode})`}`);
  if (conversationId === undefined || params.To === undefined) return { reply: empty };
  return { reply: empty, ...(await tellRoomUndelivered(context, channel, { conversationId, contact: params.To }, note)) };
}
