import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";

export interface ServedFile {
  path: string;
  contentType: string;
  cacheControl: string;
}

/** One byte range, inclusive. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * A `Range: bytes=…` header against a file of `size` bytes: the range to send, "unsatisfiable"
 * (416), or undefined to send the whole file (no header, another unit, or several ranges).
 */
export function parseRange(header: string | null | undefined, size: number): ByteRange | "unsatisfiable" | undefined {
  if (header === null || header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return header.trim().startsWith("bytes=") && !header.includes(",") ? "unsatisfiable" : undefined;
  const [, from = "", to = ""] = match;
  if (from === "" && to === "") return "unsatisfiable";
  if (from === "") {
    const suffix = Number(to);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === "" ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size || end < start) return "unsatisfiable";
  return { start, end };
}

/** The validator of a file's content: its size and modification time (weak: equal bytes, not proven). */
function entityTag(size: number, mtimeMs: number): string {
  return `W/"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
}

function notModified(request: Request, etag: string, modified: Date): boolean {
  const match = request.headers.get("if-none-match");
  if (match !== null) return match.split(",").some((tag) => tag.trim() === etag || tag.trim() === "*" || tag.trim().replace(/^W\//, "") === etag.replace(/^W\//, ""));
  const since = request.headers.get("if-modified-since");
  if (since === null) return false;
  const sinceMs = Date.parse(since);
  return Number.isFinite(sinceMs) && Math.floor(modified.getTime() / 1000) <= Math.floor(sinceMs / 1000);
}

/**
 * Answers GET/HEAD for a file: 200, 206 for one byte range (Content-Range), 416 for a range past
 * the end, 304 for a matching If-None-Match / If-Modified-Since; with ETag, Last-Modified,
 * Cache-Control and Accept-Ranges. Streams the bytes (never reads the whole file into memory).
 */
export async function serveFile(request: Request, file: ServedFile): Promise<Response> {
  const info = await stat(file.path);
  const etag = entityTag(info.size, info.mtimeMs);
  const headers = new Headers({
    "content-type": file.contentType,
    "accept-ranges": "bytes",
    etag,
    "last-modified": info.mtime.toUTCString(),
    "cache-control": file.cacheControl,
  });
  if (notModified(request, etag, info.mtime)) return new Response(null, { status: 304, headers });

  const ifRange = request.headers.get("if-range");
  const rangeAllowed = ifRange === null || ifRange === etag || ifRange === info.mtime.toUTCString();
  const range = rangeAllowed ? parseRange(request.headers.get("range"), info.size) : undefined;
  if (range === "unsatisfiable") {
    headers.set("content-range", `bytes */${info.size}`);
    return new Response(null, { status: 416, headers });
  }
  const { start, end } = range ?? { start: 0, end: info.size - 1 };
  const length = info.size === 0 ? 0 : end - start + 1;
  headers.set("content-length", String(length));
  if (range !== undefined) headers.set("content-range", `bytes ${start}-${end}/${info.size}`);
  const status = range === undefined ? 200 : 206;
  if (request.method === "HEAD" || length === 0) return new Response(null, { status, headers });
  const stream = Readable.toWeb(createReadStream(file.path, { start, end }));
  return new Response(stream as ReadableStream<Uint8Array>, { status, headers });
}
