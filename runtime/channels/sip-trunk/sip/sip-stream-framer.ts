import { findHeaderEnd, leadingLineBreaks, MAX_MESSAGE_BYTES, parseSipMessage, readContentLength, type SipParseResult } from "./sip-parse";

/**
 * What a framer produced: a parsed message or error with the bytes it was cut from (`close`: the
 * stream cannot be read further), or a keepalive ping.
 */
export type FramedItem =
  | { kind: "parsed"; result: SipParseResult; close: boolean; bytes: Buffer }
  /** A CRLF CRLF ping (RFC 5626 §3.5.1): answer with one CRLF. */
  | { kind: "ping" };

const CONTENT_LENGTH_LINE = /^(?:content-length|l)[ \t]*:(.*)$/gim;

/**
 * Cuts a TCP/TLS byte stream into SIP messages by Content-Length (RFC 3261 §18.3). Memory is
 * bounded: a head or message longer than `MAX_MESSAGE_BYTES` is an error that closes the stream,
 * and bytes are copied at most a few times whatever the chunking (the buffer doubles; the search
 * for the end of the head resumes where it stopped). A Content-Length that is missing counts as 0;
 * one that is not a number, or appears twice with different values, cannot be framed: an error,
 * then the stream closes.
 */
export class SipStreamFramer {
  private buffer = Buffer.alloc(4096);
  private length = 0;
  /** Where to resume looking for the end of the head. */
  private searchFrom = 0;
  private closed = false;

  /** Bytes held now (tests). */
  get buffered(): number {
    return this.length;
  }

  push(chunk: Buffer): FramedItem[] {
    if (this.closed) return [];
    this.append(chunk);
    const items: FramedItem[] = [];
    for (;;) {
      const item = this.next();
      if (!item) break;
      items.push(item);
      if (item.kind === "parsed" && item.close) {
        this.closed = true;
        this.length = 0;
        break;
      }
    }
    return items;
  }

  private append(chunk: Buffer): void {
    const needed = this.length + chunk.length;
    if (needed > this.buffer.length) {
      let size = this.buffer.length;
      while (size < needed) size *= 2;
      const grown = Buffer.alloc(Math.min(size, Math.max(needed, MAX_MESSAGE_BYTES * 2)));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    chunk.copy(this.buffer, this.length);
    this.length = needed;
  }

  private consume(count: number): void {
    this.buffer.copy(this.buffer, 0, count, this.length);
    this.length -= count;
    this.searchFrom = 0;
  }

  private tooLarge(): FramedItem {
    return { kind: "parsed", result: { kind: "error", error: { code: "too_large", message: `a message longer than ${MAX_MESSAGE_BYTES} bytes` } }, close: true, bytes: Buffer.alloc(0) };
  }

  private next(): FramedItem | undefined {
    const breaks = leadingLineBreaks(this.buffer.subarray(0, this.length));
    if (breaks > 0) {
      const view = this.buffer.subarray(0, breaks);
      const ping = breaks >= 4 && view.includes("\r\n\r\n");
      if (breaks === this.length && !ping) return undefined; // maybe the start of a ping
      this.consume(breaks);
      if (ping) return { kind: "ping" };
    }
    if (this.length === 0) return undefined;
    const end = findHeaderEnd(this.buffer, Math.max(0, this.searchFrom - 3), this.length);
    if (!end) {
      this.searchFrom = this.length;
      return this.length > MAX_MESSAGE_BYTES ? this.tooLarge() : undefined;
    }
    const head = this.buffer.toString("latin1", 0, end.headEnd);
    const declared = [...head.matchAll(CONTENT_LENGTH_LINE)].map((match) => readContentLength(match[1] ?? ""));
    const distinct = new Set(declared);
    let bodyLength = 0;
    if (distinct.size > 1 || distinct.has(undefined)) {
      // Unframeable: hand the head alone to the parser for its error (and an answer when it can be answered).
      const bytes = Buffer.from(this.buffer.subarray(0, end.bodyStart));
      return { kind: "parsed", result: parseSipMessage(bytes, { framed: true }), close: true, bytes };
    }
    bodyLength = declared[0] ?? 0;
    const total = end.bodyStart + bodyLength;
    if (total > MAX_MESSAGE_BYTES) return this.tooLarge();
    if (this.length < total) return undefined;
    const bytes = Buffer.from(this.buffer.subarray(0, total));
    this.consume(total);
    return { kind: "parsed", result: parseSipMessage(bytes, { framed: true }), close: false, bytes };
  }
}
