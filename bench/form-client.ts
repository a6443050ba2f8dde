import { Agent, request } from "node:http";
import twilio from "twilio";

export interface TwilioPoster {
  /**
   * POSTs Twilio's form body to `url` (absolute, under the public URL the server signs against),
   * signed with X-Twilio-Signature by the official package; resolves with the answer's text.
   */
  post(url: string, params: Record<string, string>): Promise<string>;
  close(): void;
}

/** Plays Twilio against a server on loopback, with keep-alive connections (node:http, like bench/load.ts). */
export function twilioPoster(options: { serverUrl: string; publicUrl: string; authToken: string; maxSockets: number }): TwilioPoster {
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets });
  return {
    post: (url, params) =>
      new Promise((resolve, reject) => {
        if (!url.startsWith(options.publicUrl)) throw new Error(`${url} is not under ${options.publicUrl}`);
        const body = new URLSearchParams(params).toString();
        const headers = {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(body),
          "x-twilio-signature": twilio.getExpectedTwilioSignature(options.authToken, url, params),
        };
        const req = request(`${options.serverUrl}${url.slice(options.publicUrl.length)}`, { method: "POST", agent, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", reject);
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            const status = res.statusCode ?? 0;
            if (status < 200 || status >= 300) reject(new Error(`POST ${url.split("?")[0]}: ${status} ${text.slice(0, 300)}`));
            else resolve(text);
          });
        });
        req.on("error", reject);
        req.end(body);
      }),
    close: () => agent.destroy(),
  };
}
