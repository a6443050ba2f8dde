import http from "node:http";
import https from "node:https";
import { Readable } from "node:stream";
import { type AddressPolicy, refusedLiteralHost } from "./address-policy";
import { BlockedAddress, guardedLookup } from "./guarded-lookup";

/** The SSRF guard refused the request: an IP literal it does not allow, or a name that resolves only to such addresses. */
export class RefusedByGuard extends Error {
  override name = "RefusedByGuard";
}

/**
 * `fetch` behind the SSRF guard of HTTP callbacks, for clients that take a `fetch` (the `openai`
 * package): node's http/https with `guardedLookup`, the response body streamed (SSE arrives as it
 * is written). Honours `signal` (aborting destroys the socket). Refusals reject with
 * `RefusedByGuard`; network errors reject with node's error.
 */
export function guardedFetch(policy: AddressPolicy, userAgent = "Switchboard/1"): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new RefusedByGuard(`protocol ${url.protocol} is not allowed`);
    const refused = refusedLiteralHost(url.hostname, policy);
    if (refused !== undefined) throw new RefusedByGuard(refused);
    const lookup = guardedLookup(policy, policy.isAllowedHost(url.hostname.replace(/^\[|\]$/g, "")));
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const headers: Record<string, string> = { "user-agent": userAgent };
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    if (body !== undefined) headers["content-length"] = String(body.length);
    const signal = init?.signal ?? undefined;
    signal?.throwIfAborted();
    return new Promise<Response>((resolve, reject) => {
      const client = url.protocol === "https:" ? https : http;
      const outgoing = client.request(url, { method: request.method, headers, lookup }, (incoming) => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) {
          if (value === undefined) continue;
          for (const one of Array.isArray(value) ? value : [value]) responseHeaders.append(name, one);
        }
        const status = incoming.statusCode ?? 502;
        const empty = status === 204 || status === 304 || request.method === "HEAD";
        if (empty) incoming.resume();
        const stream = empty ? null : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>);
        resolve(new Response(stream, { status, statusText: incoming.statusMessage ?? "", headers: responseHeaders }));
      });
      const abort = () => outgoing.destroy(signal?.reason instanceof Error ? signal.reason : new DOMException("This operation was aborted", "AbortError"));
      signal?.addEventListener("abort", abort, { once: true });
      outgoing.on("close", () => signal?.removeEventListener("abort", abort));
      outgoing.on("error", (error) => reject(error instanceof BlockedAddress ? new RefusedByGuard(error.message) : error));
      if (body !== undefined) outgoing.write(body);
      outgoing.end();
    });
  };
}
