import { canonicalHeaderName, displayHeaderName, isListHeader } from "./sip-header-names";
import type { NameAddr } from "./name-addr";
import { splitList } from "./sip-text";
import type { Via } from "./via";

/** One header field: `name` is the lower-case long form (`v` and `VIA` arrive as `via`). */
export interface SipHeaderField {
  name: string;
  value: string;
}

export interface SipRequest {
  kind: "request";
  method: string;
  /** The Request-URI as written. */
  uri: string;
  headers: SipHeaderField[];
  body: Buffer;
}

export interface SipResponse {
  kind: "response";
  status: number;
  reason: string;
  headers: SipHeaderField[];
  body: Buffer;
}

export type SipMessage = SipRequest | SipResponse;

export interface CSeq {
  seq: number;
  method: string;
}

/** The headers every SIP message must carry, parsed (RFC 3261 §8.1.1). */
export interface SipCore {
  /** Every Via value, top first. */
  via: Via[];
  from: NameAddr;
  to: NameAddr;
  callId: string;
  cseq: CSeq;
  maxForwards: number | undefined;
}

/** The first value of a header (for list headers, the first element), or undefined. */
export function getHeader(message: SipMessage, name: string): string | undefined {
  const canonical = canonicalHeaderName(name);
  for (const field of message.headers) {
    if (field.name !== canonical) continue;
    return isListHeader(canonical) ? splitList(field.value)[0] : field.value;
  }
  return undefined;
}

/** Every value of a header in order; list headers are split at their commas. */
export function getHeaders(message: SipMessage, name: string): string[] {
  const canonical = canonicalHeaderName(name);
  const list = isListHeader(canonical);
  const values: string[] = [];
  for (const field of message.headers) {
    if (field.name !== canonical) continue;
    if (list) values.push(...splitList(field.value));
    else values.push(field.value);
  }
  return values;
}

/** Whether a list header (Supported, Require, Allow) holds `token`, case-insensitively. */
export function headerHasToken(message: SipMessage, name: string, token: string): boolean {
  const wanted = token.toLowerCase();
  return getHeaders(message, name).some((value) => value.toLowerCase() === wanted);
}

/** Replaces every field of `name` with one field (or removes them when `value` is undefined). */
export function setHeader(message: SipMessage, name: string, value: string | undefined): void {
  const canonical = canonicalHeaderName(name);
  const index = message.headers.findIndex((field) => field.name === canonical);
  message.headers = message.headers.filter((field) => field.name !== canonical);
  if (value === undefined) return;
  message.headers.splice(index < 0 ? message.headers.length : index, 0, { name: canonical, value });
}

/** A header field list from `[name, value]` pairs; names may be given in any case or compact form. */
export function headerFields(pairs: ReadonlyArray<readonly [string, string]>): SipHeaderField[] {
  return pairs.map(([name, value]) => ({ name: canonicalHeaderName(name), value }));
}

/**
 * The message as bytes: start line, one line per field (long names in their usual case), a
 * Content-Length that is always the body's length (whatever the fields said), the body.
 */
export function serializeSipMessage(message: SipMessage): Buffer {
  const start = message.kind === "request" ? `${message.method} ${message.uri} SIP/2.0` : `SIP/2.0 ${message.status} ${message.reason}`;
  let head = `${start}\r\n`;
  for (const field of message.headers) {
    if (field.name === "content-length") continue;
    head += `${displayHeaderName(field.name)}: ${field.value}\r\n`;
  }
  head += `Content-Length: ${message.body.length}\r\n\r\n`;
  const headBytes = Buffer.from(head, "utf8");
  return message.body.length === 0 ? headBytes : Buffer.concat([headBytes, message.body]);
}

/** A one-line description for logs and test failures: `INVITE sip:…` or `200 OK (INVITE)`. */
export function describeSipMessage(message: SipMessage): string {
  if (message.kind === "request") return `${message.method} ${message.uri}`;
  return `${message.status} ${message.reason} (${getHeader(message, "cseq") ?? "?"})`;
}
