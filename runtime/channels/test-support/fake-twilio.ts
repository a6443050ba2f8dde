import { randomBytes } from "node:crypto";
import twilio from "twilio";
import type { TestServer } from "../../test-support/test-server";

/** What the tests' Twilio account looks like. */
export const TEST_ACCOUNT = { accountSid: `AC${"0123456789abcdef".repeat(2)}`, authToken: "f00dfeedcafe0123456789abcdef4321" };

export interface TwilioReply {
  status: number;
  text: string;
  contentType: string | null;
}

/** A random Call SID: CA + 32 hex digits. */
export const newCallSid = (): string => `CA${randomBytes(16).toString("hex")}`;

/**
 * Plays Twilio against a test server: posts provider-shaped form bodies to the URLs the runtime
 * gave (absolute, under PUBLIC_URL), signed with X-Twilio-Signature by the official package.
 */
export class FakeTwilio {
  constructor(
    /** The runtime Twilio calls: a test server, or a child runtime (only its URL is used). */
    private readonly server: Pick<TestServer, "url">,
    readonly publicUrl: string,
    private readonly authToken = TEST_ACCOUNT.authToken,
  ) {}

  /**
   * POSTs `params` to `url` (absolute under PUBLIC_URL, or a path). `signature`: undefined signs
   * correctly, null sends none, a string sends that.
   */
  async post(url: string, params: Record<string, string>, options: { signature?: string | null; contentType?: string; body?: string } = {}): Promise<TwilioReply> {
    const absolute = url.startsWith("http") ? url : `${this.publicUrl}${url}`;
    if (!absolute.startsWith(this.publicUrl)) throw new Error(`${url} is not under ${this.publicUrl}`);
    const headers: Record<string, string> = { "content-type": options.contentType ?? "application/x-www-form-urlencoded" };
    const signature = options.signature === undefined ? twilio.getExpectedTwilioSignature(this.authToken, absolute, params) : options.signature;
    if (signature !== null) headers["x-twilio-signature"] = signature;
    const response = await fetch(`${this.server.url}${absolute.slice(this.publicUrl.length)}`, {
      method: "POST",
      headers,
      body: options.body ?? new URLSearchParams(params).toString(),
    });
    return { status: response.status, text: await response.text(), contentType: response.headers.get("content-type") };
  }
}

/** One call's standard parameters, the way Twilio sends them with every request of the call. */
export function callParams(callSid: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AccountSid: TEST_ACCOUNT.accountSid,
    ApiVersion: "2010-04-01",
    CallSid: callSid,
    CallStatus: "in-progress",
    Called: "+15550001000",
    Caller: "+15557654321",
    Direction: "inbound",
    From: "+15557654321",
    FromCity: "SPRINGFIELD",
    FromCountry: "US",
    To: "+15550001000",
    ToCountry: "US",
    ...extra,
  };
}
