import { z } from "zod";

/** The Twilio account a request is made for. */
export interface TwilioAccount {
  accountSid: string;
  authToken: string;
}

/** Twilio answered a REST request with an error status. */
export class TwilioApiError extends Error {
  override name = "TwilioApiError";
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`Twilio answered HTTP ${status}: ${body.slice(0, 300)}`);
  }

  /** The account refused the credentials: the channel's auth token is wrong. */
  get unauthorized(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

export interface UpdateCallOptions {
  /** `TWILIO_API_BASE_URL` (default https://api.twilio.com). */
  baseUrl: string;
  timeoutMs?: number;
}

/** The Calls resource's form POST with Basic auth `AccountSid:AuthToken`; the answer's body, or TwilioApiError. */
async function postForm(account: TwilioAccount, path: string, form: Record<string, string>, options: UpdateCallOptions): Promise<string> {
  const url = `${options.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(account.accountSid)}/${path}`;
  const response = await fetch(url, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    },
    body: new URLSearchParams(form).toString(),
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const body = await response.text();
  if (!response.ok) throw new TwilioApiError(response.status, body);
  return body;
}

/**
 * Replaces what a live call is doing with new TwiML: `POST /2010-04-01/Accounts/{AccountSid}/
 * Calls/{CallSid}.json` with the form `Twiml=…` and Basic auth `AccountSid:AuthToken`. Used for
 * what happens outside a webhook (a transfer timing out takes the caller out of `<Enqueue>`).
 * URLs inside the TwiML must be absolute.
 */
export async function updateCall(account: TwilioAccount, callSid: string, twiml: string, options: UpdateCallOptions): Promise<void> {
  await postForm(account, `Calls/${encodeURIComponent(callSid)}.json`, { Twiml: twiml }, options);
}

/** What an outbound call is placed with (`POST …/Calls.json`). */
export interface NewCall {
  /** E.164, the number called. */
  to: string;
  /** E.164, one of the account's numbers. */
  from: string;
  /** Where Twilio fetches the TwiML once the call is answered (POST). */
  url: string;
  /** Where Twilio reports the call's final status (POST). */
  statusCallback: string;
}

const CreatedCall = z.object({ sid: z.string().regex(/^CA[0-9a-fA-F]{32}$/) });

/**
 * Places an outbound call: `POST /2010-04-01/Accounts/{AccountSid}/Calls.json` with the form
 * `To`, `From`, `Url`, `Method=POST`, `StatusCallback`, `StatusCallbackMethod=POST` (Twilio
 * reports the final status by default). Resolves with the new call's SID.
 */
export async function createCall(account: TwilioAccount, call: NewCall, options: UpdateCallOptions): Promise<string> {
  const body = await postForm(
    account,
    "Calls.json",
    { To: call.to, From: call.from, Url: call.url, Method: "POST", StatusCallback: call.statusCallback, StatusCallbackMethod: "POST" },
    options,
  );
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new TwilioApiError(502, `not JSON: ${body}`);
  }
  const created = CreatedCall.safeParse(json);
  if (!created.success) throw new TwilioApiError(502, `no call sid in ${body}`);
  return created.data.sid;
}
