import twilio from "twilio";
import type { WebhookRequest } from "./channel-driver";
import { formParams } from "./twilio-voice/twilio-params";

/**
 * A Twilio webhook (voice or messaging) is Twilio's for this channel: X-Twilio-Signature over
 * `PUBLIC_URL` + path + query and the form parameters, checked by the official package
 * (`twilio.validateRequest`: HMAC-SHA1 with the auth token, constant-time compare, with and
 * without the default port), and the request names the channel's account.
 */
export function verifyTwilioSignature(request: WebhookRequest, credentials: { accountSid: string; authToken: string }): boolean {
  const signature = request.headers.get("x-twilio-signature");
  if (signature === null || signature === "") return false;
  const params = formParams(request.body);
  if (!twilio.validateRequest(credentials.authToken, signature, request.url, params)) return false;
  const account = params.AccountSid;
  return account === undefined || account === credentials.accountSid;
}
