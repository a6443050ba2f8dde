import http from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";
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
        const stream = empty ? null : webStream(incoming);
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

/** A node stream of bytes as a web stream, read as the consumer pulls (so SSE events arrive as written). */
function webStream(source: Readable): ReadableStream<Uint8Array> {
  const chunks = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done === true) controller.close();
        else controller.enqueue(new Uint8Array(Buffer.isBuffer(next.value) ? next.value : Buffer.from(String(next.value))));
      } catch (error) {
        controller.error(error);
      }
    },
    cancel() {
      source.destroy();
    },
  });
}
