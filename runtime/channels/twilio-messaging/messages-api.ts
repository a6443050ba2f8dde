import { providerRequest } from "../provider-api-error";
import { twilioBasicAuth } from "../twilio-account";
import type { TwilioAccount } from "../twilio-voice/calls-api";

export interface OutboundSms {
  /** Our number (`+1…` or `whatsapp:+1…`). */
  from: string;
  /** The customer (`+1…` or `whatsapp:+1…`). */
  to: string;
  body: string;
  /** Where Twilio reports the message's delivery (queued → sent → delivered, or undelivered / failed). */
  statusCallback?: string;
}

/**
 * Sends a message that is not an immediate webhook reply (a timer, an agent):
 * `POST {TWILIO_API_BASE_URL}/2010-04-01/Accounts/{AccountSid}/Messages.json`, Basic auth
 * `AccountSid:AuthToken`, form-encoded `From`, `To`, `Body` (and `StatusCallback` when given).
 */
export async function sendTwilioMessage(account: TwilioAccount, message: OutboundSms, baseUrl: string): Promise<void> {
  await providerRequest("Twilio", {
    method: "POST",
    url: `${baseUrl}/2010-04-01/Accounts/${encodeURIComponent(account.accountSid)}/Messages.json`,
    headers: { authorization: twilioBasicAuth(account), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ From: message.from, To: message.to, Body: message.body, ...(message.statusCallback === undefined ? {} : { StatusCallback: message.statusCallback }) }).toString(),
  });
}
