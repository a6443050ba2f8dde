import http from "node:http";
import https from "node:https";
import { type AddressPolicy, refusedLiteralHost } from "./address-policy";
import { BlockedAddress, guardedLookup } from "./guarded-lookup";

export interface HttpRequestSpec {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** Text, or bytes (a multipart upload: the speech engine's). */
  body?: string | Uint8Array;
  timeoutSeconds: number;
}

export type HttpFailure = "timeout" | "network" | "blocked" | "too_large";

export type HttpOutcome =
  | { ok: true; status: number; body: string; contentType: string | undefined; retryAfter?: string }
  | { ok: false; error: HttpFailure; message: string };

export interface HttpCallbackLimits {
  policy: AddressPolicy;
  /** Largest response body read, in bytes (default 1 MB). */
  maxResponseBytes?: number;
  /** Longest a callback may take, whatever the node asks (default 10 s). */
  maxSeconds?: number;
  userAgent?: string;
}

/**
 * Performs a flow's HTTP callback behind the SSRF guard. The guard checks the addresses a name
 * resolves to at connect time (the socket connects to exactly the checked address, so a DNS
 * answer that changes between check and use cannot slip through). Never throws.
 */
export function performHttpRequest(spec: HttpRequestSpec, limits: HttpCallbackLimits): Promise<HttpOutcome> {
  const maxBytes = limits.maxResponseBytes ?? 1_000_000;
  const seconds = Math.min(spec.timeoutSeconds, limits.maxSeconds ?? 10);
  let url: URL;
  try {
    url = new URL(spec.url);
  } catch {
    return Promise.resolve({ ok: false, error: "network", message: `not a URL: ${spec.url}` });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return Promise.resolve({ ok: false, error: "blocked", message: `protocol ${url.protocol} is not allowed` });
  }
  const refused = refusedLiteralHost(url.hostname, limits.policy);
  if (refused !== undefined) return Promise.resolve({ ok: false, error: "blocked", message: refused });
  const lookup = guardedLookup(limits.policy, limits.policy.isAllowedHost(url.hostname.replace(/^\[|\]$/g, "")));

  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const client = url.protocol === "https:" ? https : http;
    const headers: Record<string, string> = { "user-agent": limits.userAgent ?? "Switchboard/1", ...spec.headers };
    if (spec.body !== undefined) headers["content-length"] = String(Buffer.byteLength(spec.body));
    const request = client.request(url, { method: spec.method, headers, lookup }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          finish({ ok: false, error: "too_large", message: `response is larger than ${maxBytes} bytes` });
          request.destroy();
          return;
        }
        chunks.push(chunk);
      });
      const retryAfter = response.headers["retry-after"];
      response.on("end", () =>
        finish({
          ok: true,
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).toString("utf8"),
          contentType: response.headers["content-type"],
          ...(retryAfter === undefined ? {} : { retryAfter }),
        }),
      );
      response.on("error", (error) => finish({ ok: false, error: "network", message: error.message }));
    });
    const timer = setTimeout(() => {
      finish({ ok: false, error: "timeout", message: `no answer within ${Number(seconds.toFixed(3))} s` });
      request.destroy();
    }, seconds * 1000);
    request.on("error", (error) => {
      if (error instanceof BlockedAddress) finish({ ok: false, error: "blocked", message: error.message });
      else finish({ ok: false, error: "network", message: error.message });
    });
    if (spec.body !== undefined) request.write(spec.body);
    request.end();
  });
}
