import type { z } from "zod";
import type { ParseResult, WebhookRequest } from "../channel-driver";
import { RoomId } from "../twilio-voice/twilio-params";
import { TwilioMessageStatusParams, TwilioMessagingParams } from "./messaging-params";

/** A Twilio messaging request, read: a message that comes in, or a status callback of one we sent. */
export type MessagingWebhook =
  | { route: "message"; params: TwilioMessagingParams }
  | { route: "status"; params: TwilioMessageStatusParams; conversationId?: string };

const firstIssue = (where: string, error: z.ZodError): string => {
  const issue = error.issues[0];
  return issue === undefined ? `${where}: invalid` : `${[where, ...issue.path.map(String)].join(".")}: ${issue.message}`;
};

/**
 * Reads a Twilio messaging request (its signature is checked next). Provider event ids, the inbound
 * log's dedupe keys: the `MessageSid` of a message that comes in; `${MessageSid}:status:${MessageStatus}`
 * for a status callback (`/status`, with `?conversation=` when the message came from an agent room).
 */
export function parseMessagingWebhook(request: WebhookRequest): ParseResult<MessagingWebhook> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    return { ok: false, message: "body: Twilio sends application/x-www-form-urlencoded" };
  }
  const form = Object.fromEntries(new URLSearchParams(request.body));
  if (request.route === "status") {
    // Twilio leaves ErrorCode / ErrorMessage empty on statuses without an error.
    const read = TwilioMessageStatusParams.safeParse(Object.fromEntries(Object.entries(form).filter(([, value]) => value !== "")));
    if (!read.success) return { ok: false, message: firstIssue("body", read.error) };
    const conversation = request.query.get("conversation");
    const conversationId = conversation === null ? undefined : RoomId.safeParse(conversation);
    if (conversationId !== undefined && !conversationId.success) return { ok: false, message: firstIssue("query.conversation", conversationId.error) };
    const { MessageSid, MessageStatus } = read.data;
    return {
      ok: true,
      webhook: { providerEventId: `${MessageSid}:status:${MessageStatus}`, payload: { route: "status", params: read.data, ...(conversationId === undefined ? {} : { conversationId: conversationId.data }) } },
    };
  }
  if (request.route !== "") return { ok: false, message: `path: no Twilio messaging callback "${request.route}"` };
  const read = TwilioMessagingParams.safeParse(form);
  if (!read.success) return { ok: false, message: firstIssue("body", read.error) };
  return { ok: true, webhook: { providerEventId: read.data.MessageSid, payload: { route: "message", params: read.data } } };
}
