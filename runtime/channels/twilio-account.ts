import type { ChannelCheck } from "./channel-driver";
import { ProviderApiError, providerRequest } from "./provider-api-error";
import type { TwilioAccount } from "./twilio-voice/calls-api";

/** `Authorization: Basic base64(AccountSid:AuthToken)`, as Twilio's REST API takes it. */
export function twilioBasicAuth(account: TwilioAccount): string {
  return `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString("base64")}`;
}

/**
 * The "Check" of Twilio channels: `GET {TWILIO_API_BASE_URL}/2010-04-01/Accounts/{AccountSid}.json`
 * with Basic auth. 200 with an active account: ok; 401/403: the SID or token is wrong; a
 * suspended or closed account: not ok.
 */
export async function checkTwilioAccount(account: TwilioAccount, baseUrl: string): Promise<ChannelCheck> {
  try {
    const text = await providerRequest("Twilio", {
      method: "GET",
      url: `${baseUrl}/2010-04-01/Accounts/${encodeURIComponent(account.accountSid)}.json`,
      headers: { authorization: twilioBasicAuth(account) },
    });
    const body: unknown = JSON.parse(text);
    const status = typeof body === "object" && body !== null && "status" in body && typeof body.status === "string" ? body.status : "active";
    const name = typeof body === "object" && body !== null && "friendly_name" in body && typeof body.friendly_name === "string" ? body.friendly_name : account.accountSid;
    if (status !== "active") return { ok: false, message: `the Twilio account ${name} is ${status}: reactivate it in the Twilio console` };
    return { ok: true, message: `Twilio account ${name} is active` };
  } catch (error) {
    if (error instanceof ProviderApiError && error.unauthorized) return { ok: false, message: `Twilio refused the Account SID / Auth Token (HTTP ${error.status}): copy both again from the Twilio console` };
    if (error instanceof ProviderApiError) return { ok: false, message: error.status === 0 ? `Twilio could not be reached: ${error.body}` : `Twilio answered HTTP ${error.status}: ${error.body.slice(0, 200)}` };
    if (error instanceof SyntaxError) return { ok: false, message: "Twilio answered something that is not JSON" };
    throw error;
  }
}
