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

/**
 * Replaces what a live call is doing with new TwiML: `POST /2010-04-01/Accounts/{AccountSid}/
 * Calls/{CallSid}.json` with the form `Twiml=…` and Basic auth `AccountSid:AuthToken`. Used for
 * what happens outside a webhook (a transfer timing out takes the caller out of `<Enqueue>`).
 * URLs inside the TwiML must be absolute.
 */
export async function updateCall(account: TwilioAccount, callSid: string, twiml: string, options: UpdateCallOptions): Promise<void> {
  const url = `${options.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(account.accountSid)}/Calls/${encodeURIComponent(callSid)}.json`;
  const response = await fetch(url, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    },
    body: new URLSearchParams({ Twiml: twiml }).toString(),
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const body = await response.text();
  if (!response.ok) throw new TwilioApiError(response.status, body);
}
