import type { MiddlewareHandler } from "hono";
import type { ApiError } from "./api-error";

export interface BodySizeLimitOptions {
  /** The largest body accepted, in bytes. */
  maxSize: number;
  /** The error to answer with; `declaredBytes` is the Content-Length when the client sent one. */
  refuse: (declaredBytes: number | undefined) => ApiError;
  /** How much of a refused body is read and thrown away before answering (default 4 × maxSize, at most 64 MB). */
  drainBytes?: number;
  /** How long that reading may take (default 10 s). */
  drainMs?: number;
}

const MAX_DRAIN_BYTES = 64 * 1024 * 1024;
const DRAIN_MS = 10_000;

/**
 * Refuses a request body over `maxSize`, by its Content-Length before reading it, or while it
 * streams (chunked), with the ApiError `refuse` builds (the app answers it as JSON).
 *
 * Unlike hono's `bodyLimit`, it reads and discards the rest of a refused body (up to `drainBytes`,
 * within `drainMs`) before answering. Clients such as undici's `fetch` and curl send the whole body
 * before they read the answer; a server that answers mid-upload and closes (@hono/node-server
 * drains for only 500 ms) leaves them with "other side closed" instead of the 413 on a busy
 * machine. Beyond the budget the answer goes out anyway and the connection closes.
 */
export function bodySizeLimit(options: BodySizeLimitOptions): MiddlewareHandler {
  const drainBytes = options.drainBytes ?? Math.min(options.maxSize * 4, MAX_DRAIN_BYTES);
  const drainMs = options.drainMs ?? DRAIN_MS;
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const declared = c.req.raw.headers.has("transfer-encoding") ? undefined : c.req.raw.headers.get("content-length");
    if (declared !== undefined && declared !== null) {
      const length = Number.parseInt(declared, 10);
      if (!(length > options.maxSize)) return next();
      if (length <= drainBytes) await discard(body.getReader(), drainBytes, drainMs);
      throw options.refuse(length);
    }
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > options.maxSize) {
        await discard(reader, drainBytes - size, drainMs);
        throw options.refuse(undefined);
      }
      chunks.push(value);
    }
    c.req.raw = new Request(c.req.raw, { body: Buffer.concat(chunks, size) });
    return next();
  };
}

/** Reads and drops what is left of a body, up to `budget` bytes and `ms` milliseconds; then stops reading. */
async function discard(reader: ReadableStreamDefaultReader<Uint8Array>, budget: number, ms: number): Promise<void> {
  let left = budget;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
  });
  try {
    while (left > 0) {
      const pending = reader.read();
      pending.catch(() => undefined); // a read still pending at the timeout is rejected by releaseLock below
      const read = await Promise.race([pending, timedOut]);
      if (read === "timeout" || read.done) return;
      left -= read.value.length;
    }
  } catch {
    // The client went away while we read: nothing is left to answer.
  } finally {
    clearTimeout(timer);
    try {
      reader.releaseLock(); // not cancel(): that would close the connection before the answer is written
    } catch {
      // Older streams refuse to release with a read pending; @hono/node-server drains or closes it.
    }
  }
}
