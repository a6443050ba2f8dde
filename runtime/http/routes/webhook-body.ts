import { IncomingMessage } from "node:http";
import type { Context } from "hono";
import type { HeaderReader } from "../../channels/channel-driver";
import { ApiError } from "../api-error";

/** What a webhook request carries besides its URL: its headers and its body's bytes. */
export interface WebhookBody {
  headers: HeaderReader;
  bytes: Uint8Array;
}

const tooLarge = (maxBytes: number) => new ApiError(413, "too_large", `a webhook body is at most ${maxBytes / 1024 / 1024} MB`);

/** Node's request behind a Hono context served by @hono/node-server; undefined elsewhere (`app.request` in tests). */
function nodeRequest(c: Context): IncomingMessage | undefined {
  const env: unknown = c.env;
  if (typeof env !== "object" || env === null || !("incoming" in env)) return undefined;
  const { incoming } = env;
  return incoming instanceof IncomingMessage && !incoming.readableEnded ? incoming : undefined;
}

/** Node's lower-cased header record, read like `Headers` (repeated values joined as `Headers.get` joins them). */
function nodeHeaders(incoming: IncomingMessage): HeaderReader {
  return {
    get(name) {
      const value = incoming.headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

/** The body's bytes, or undefined once it passes `maxBytes` (the rest is drained, not kept). */
function readNodeBody(incoming: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.off("error", onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        stop();
        incoming.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    incoming.on("data", onData);
    incoming.on("end", onEnd);
    incoming.on("error", onError);
  });
}

/**
 * A webhook's headers and raw body, at most `maxBytes` (413 beyond). Under Node the body is read
 * straight from the socket's request: a provider's webhook never needs the fetch `Request` that
 * Hono would otherwise build around it (a web stream, an AbortController and a Headers copy per
 * request, about a tenth of a webhook's CPU). Anywhere else it goes through `Request`.
 */
export async function readWebhookBody(c: Context, maxBytes: number): Promise<WebhookBody> {
  const incoming = nodeRequest(c);
  if (incoming !== undefined) {
    if (Number(incoming.headers["content-length"] ?? 0) > maxBytes) throw tooLarge(maxBytes);
    const bytes = await readNodeBody(incoming, maxBytes);
    if (bytes === undefined) throw tooLarge(maxBytes);
    return { headers: nodeHeaders(incoming), bytes };
  }
  if (Number(c.req.header("content-length") ?? 0) > maxBytes) throw tooLarge(maxBytes);
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
  return { headers: c.req.raw.headers, bytes };
}
