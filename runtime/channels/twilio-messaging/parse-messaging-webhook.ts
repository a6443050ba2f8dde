import type { ParseResult, WebhookRequest } from "../channel-driver";
import { TwilioMessagingParams } from "./messaging-params";

/**
 * Reads Twilio's "A message comes in" request (its signature is checked next). The provider event
 * id, the inbound log's dedupe key, is the `MessageSid`.
 */
export function parseMessagingWebhook(request: WebhookRequest): ParseResult<TwilioMessagingParams> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    return { ok: false, message: "body: Twilio sends application/x-www-form-urlencoded" };
  }
  const read = TwilioMessagingParams.safeParse(Object.fromEntries(new URLSearchParams(request.body)));
  if (!read.success) {
    const issue = read.error.issues[0];
    return { ok: false, message: issue === undefined ? "body: invalid" : `${["body", ...issue.path.map(String)].join(".")}: ${issue.message}` };
  }
  return { ok: true, webhook: { providerEventId: read.data.MessageSid, payload: read.data } };
}
