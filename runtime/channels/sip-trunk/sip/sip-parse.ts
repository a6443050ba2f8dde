import { canonicalHeaderName } from "./sip-header-names";
import { parseNameAddr } from "./name-addr";
import type { SipCore, SipHeaderField, SipMessage, SipRequest } from "./sip-message";
import { parseSipUri } from "./sip-uri";
import { splitList } from "./sip-text";
import { parseVia, type Via } from "./via";

/** The largest message accepted (a UDP datagram holds at most 65 507 bytes anyway). */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** The most header fields in one message (carriers send 15–40). */
export const MAX_HEADER_FIELDS = 200;
/** The most Via values in one message. */
export const MAX_VIA = 70;

export type SipParseErrorCode =
  | "too_large"
  | "not_sip"
  | "bad_start_line"
  | "unsupported_version"
  | "too_many_headers"
  | "bad_header"
  | "missing_header"
  | "bad_content_length"
  | "body_truncated"
  | "cseq_method_mismatch";

export interface SipParseError {
  code: SipParseErrorCode;
  /** What is wrong, naming the header: `CSeq: "INVITE" is not "<number> <method>"`. */
  message: string;
  /** The header at fault (lower-case long name), when one is. */
  header?: string;
  /**
   * Set for a request (not ACK) whose Via, From, To, Call-ID and CSeq could be read: the caller may
   * answer it statelessly with `status` (400, or 505 for another SIP version) to the top Via.
   */
  answer?: { status: number; reason: string; request: SipRequest; via: Via };
}

export type SipParseResult =
  | { kind: "message"; message: SipMessage; core: SipCore }
  /** Only CR/LF (RFC 5626 keepalive). */
  | { kind: "keepalive" }
  | { kind: "error"; error: SipParseError };

export interface SipParseOptions {
  /**
   * The bytes come from a stream framer that cut the message at its Content-Length (TCP/TLS).
   * Otherwise they are one UDP datagram: no Content-Length means the rest of the datagram, a longer
   * body is cut at it (RFC 3261 §18.3), a shorter one is an error.
   */
  framed?: boolean;
}

const REQUEST_LINE = /^([A-Za-z0-9\-.!%*_+`'~]+) (\S+) SIP\/(\d+\.\d+)$/i;
const LOOSE_REQUEST_LINE = /^([A-Za-z0-9\-.!%*_+`'~]+)[ \t]+(.+?)[ \t]+SIP\/(\d+\.\d+)[ \t]*$/i;
const STATUS_LINE = /^SIP\/(\d+\.\d+) (\d{3})(?: (.*))?$/i;
const HEADER_NAME = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
const CSEQ = /^(\d{1,10})[ \t]+([A-Za-z0-9\-.!%*_+`'~]+)$/;
const CALL_ID = /^[\x21-\x7e]+$/;
const SINGLE = ["from", "to", "call-id", "cseq", "max-forwards", "content-length"];

const CR = 0x0d;
const LF = 0x0a;

/** Where the header block ends (an empty line, CRLF or bare LF): the end of the head and the body's start. */
export function findHeaderEnd(data: Buffer, from: number, to = data.length): { headEnd: number; bodyStart: number } | undefined {
  let i = data.indexOf(LF, from);
  while (i >= 0 && i < to) {
    if (data[i + 1] === LF) return i + 2 <= to ? { headEnd: i, bodyStart: i + 2 } : undefined;
    if (data[i + 1] === CR && data[i + 2] === LF) return i + 3 <= to ? { headEnd: i, bodyStart: i + 3 } : undefined;
    i = data.indexOf(LF, i + 1);
  }
  return undefined;
}

/** How many CR/LF bytes start `data` at `from`. */
export function leadingLineBreaks(data: Buffer, from = 0): number {
  let i = from;
  while (i < data.length && (data[i] === CR || data[i] === LF)) i++;
  return i - from;
}

/** A Content-Length value: digits only, within the limit. */
export function readContentLength(value: string): number | undefined {
  const trimmed = value.trim();
  if (!/^\d{1,6}$/.test(trimmed)) return undefined;
  const length = Number(trimmed);
  return length <= MAX_MESSAGE_BYTES ? length : undefined;
}

interface CoreRead {
  core: SipCore | undefined;
  error: { message: string; header: string; code: SipParseErrorCode } | undefined;
}

/** Reads the mandatory headers (RFC 3261 §8.1.1) of a message's fields. */
export function readCore(headers: SipHeaderField[]): CoreRead {
  const missing = (header: string): CoreRead => ({ core: undefined, error: { code: "missing_header", header, message: `the ${header} header is missing` } });
  const bad = (header: string, message: string): CoreRead => ({ core: undefined, error: { code: "bad_header", header, message } });
  const vias: Via[] = [];
  const single = new Map<string, string>();
  for (const field of headers) {
    if (field.name === "via") {
      for (const value of splitList(field.value)) {
        if (vias.length >= MAX_VIA) return bad("via", `more than ${MAX_VIA} Via values`);
        const via = parseVia(value);
        if (!via.ok) return bad("via", `Via: ${via.error}`);
        vias.push(via.value);
      }
      if (vias.length === 0) return bad("via", "Via: empty");
    } else if (SINGLE.includes(field.name)) {
      if (single.has(field.name)) return bad(field.name, `${field.name} appears more than once`);
      single.set(field.name, field.value);
    }
  }
  if (vias.length === 0) return missing("via");
  const fromText = single.get("from");
  if (fromText === undefined) return missing("from");
  const from = parseNameAddr(fromText);
  if (!from.ok) return bad("from", `From: ${from.error}`);
  const toText = single.get("to");
  if (toText === undefined) return missing("to");
  const to = parseNameAddr(toText);
  if (!to.ok) return bad("to", `To: ${to.error}`);
  const callId = single.get("call-id");
  if (callId === undefined) return missing("call-id");
  if (!CALL_ID.test(callId)) return bad("call-id", "Call-ID is empty or holds spaces");
  const cseqText = single.get("cseq");
  if (cseqText === undefined) return missing("cseq");
  const cseq = CSEQ.exec(cseqText);
  const seq = Number(cseq?.[1]);
  if (!cseq || !cseq[2] || seq > 2 ** 31 - 1) return bad("cseq", `CSeq: "${cseqText.slice(0, 40)}" is not "<number below 2^31> <method>"`);
  const maxForwardsText = single.get("max-forwards");
  let maxForwards: number | undefined;
  if (maxForwardsText !== undefined) {
    maxForwards = /^\d{1,10}$/.test(maxForwardsText) ? Number(maxForwardsText) : Number.NaN;
    if (!(maxForwards <= 255)) return bad("max-forwards", `Max-Forwards: "${maxForwardsText.slice(0, 20)}" is not 0–255`);
  }
  return {
    core: { via: vias, from: from.value, to: to.value, callId, cseq: { seq, method: cseq[2] }, maxForwards },
    error: undefined,
  };
}

/**
 * The top Via of a request whose core headers are not all readable, when enough is readable to
 * answer it (RFC 3261 §8.2.6: the response copies Via, From, To, Call-ID and CSeq): the top Via
 * parses, Call-ID and CSeq are there and CSeq reads as "<number> <method>".
 */
function answerableVia(headers: SipHeaderField[]): Via | undefined {
  const viaField = headers.find((field) => field.name === "via");
  const callId = headers.find((field) => field.name === "call-id");
  const cseq = headers.find((field) => field.name === "cseq");
  if (!viaField || !callId || !CALL_ID.test(callId.value) || !cseq || !CSEQ.test(cseq.value)) return undefined;
  const top = splitList(viaField.value)[0];
  const via = top === undefined ? undefined : parseVia(top);
  return via?.ok ? via.value : undefined;
}

interface StartLine {
  message: SipMessage;
  version: string;
  error: { code: SipParseErrorCode; message: string } | undefined;
}

function readStartLine(line: string): StartLine | undefined {
  const status = STATUS_LINE.exec(line);
  if (status) {
    const code = Number(status[2]);
    const error = code < 100 || code > 699 ? { code: "bad_start_line" as const, message: `status ${code} is not 100–699` } : undefined;
    return { message: { kind: "response", status: code, reason: status[3] ?? "", headers: [], body: Buffer.alloc(0) }, version: status[1] ?? "", error };
  }
  const request = REQUEST_LINE.exec(line);
  const loose = request ?? LOOSE_REQUEST_LINE.exec(line);
  if (!loose) return undefined;
  const [, method = "", uri = "", version = ""] = loose;
  let error: StartLine["error"];
  if (!request) error = { code: "bad_start_line", message: `request line "${line.slice(0, 60)}" is not "<method> <uri> SIP/2.0"` };
  else {
    const parsed = parseSipUri(uri);
    if (!parsed.ok) error = { code: "bad_start_line", message: `Request-URI: ${parsed.error}` };
  }
  return { message: { kind: "request", method, uri, headers: [], body: Buffer.alloc(0) }, version, error };
}

/** The method or status of a message from its first line alone (for cheap admission checks), or undefined. */
export function peekStartLine(data: Buffer): { kind: "request"; method: string } | { kind: "response"; status: number } | undefined {
  const start = leadingLineBreaks(data);
  const end = data.indexOf(LF, start);
  const line = data.toString("latin1", start, end < 0 ? Math.min(data.length, start + 512) : Math.min(end, start + 512)).replace(/\r$/, "");
  const status = STATUS_LINE.exec(line);
  if (status) return { kind: "response", status: Number(status[2]) };
  const request = LOOSE_REQUEST_LINE.exec(line);
  return request?.[1] ? { kind: "request", method: request[1] } : undefined;
}

function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
}

/**
 * Parses one SIP message (RFC 3261 §7): never throws; anything malformed is a typed error, with
 * what is needed to answer 400 when the message is a request that can be answered.
 */
export function parseSipMessage(data: Buffer, options: SipParseOptions = {}): SipParseResult {
  if (data.length > MAX_MESSAGE_BYTES) return { kind: "error", error: { code: "too_large", message: `the message is ${data.length} bytes, more than ${MAX_MESSAGE_BYTES}` } };
  const start = leadingLineBreaks(data);
  if (start === data.length) return { kind: "keepalive" };
  const end = findHeaderEnd(data, start);
  // No empty line after the head: take the whole datagram as the head (without its last line break).
  let headEnd = end?.headEnd ?? data.length;
  if (!end) while (headEnd > start && (data[headEnd - 1] === LF || data[headEnd - 1] === CR)) headEnd--;
  const bodyStart = end?.bodyStart ?? data.length;
  const head = data.toString("utf8", start, headEnd);
  if (hasControlCharacters(head)) return { kind: "error", error: { code: "not_sip", message: "the header holds control characters" } };

  const rawLines = head.split(/\r?\n/);
  const firstLine = rawLines[0] ?? "";
  const startLine = readStartLine(firstLine);
  if (!startLine) return { kind: "error", error: { code: "bad_start_line", message: `"${firstLine.slice(0, 60)}" is neither a request line nor a status line` } };
  const { message } = startLine;
  let firstError: { code: SipParseErrorCode; message: string; header?: string } | undefined = startLine.error;
  const note = (error: { code: SipParseErrorCode; message: string; header?: string }) => {
    firstError ??= error;
  };

  // Unfold continuation lines (RFC 3261 §7.3.1), then split each field at its colon.
  const headers: SipHeaderField[] = [];
  for (let i = 1; i < rawLines.length; i++) {
    const line = rawLines[i] ?? "";
    if (line.startsWith(" ") || line.startsWith("\t")) {
      const last = headers[headers.length - 1];
      if (last) last.value = `${last.value} ${line.trim()}`.trim();
      else note({ code: "bad_header", message: "the first header line is a continuation" });
      continue;
    }
    const colon = line.indexOf(":");
    const name = colon > 0 ? line.slice(0, colon).trimEnd() : "";
    if (!HEADER_NAME.test(name)) {
      note({ code: "bad_header", message: `"${line.slice(0, 40)}" is not "<name>: <value>"` });
      continue;
    }
    if (headers.length >= MAX_HEADER_FIELDS) {
      return { kind: "error", error: { code: "too_many_headers", message: `more than ${MAX_HEADER_FIELDS} header fields` } };
    }
    headers.push({ name: canonicalHeaderName(name), value: line.slice(colon + 1).trim() });
  }
  message.headers = headers;

  const { core, error: coreError } = readCore(headers);
  if (coreError) note(coreError);
  if (core && message.kind === "request" && core.cseq.method !== message.method) {
    note({ code: "cseq_method_mismatch", header: "cseq", message: `CSeq method ${core.cseq.method} is not the request's ${message.method}` });
  }

  // Body, by Content-Length.
  const available = data.length - bodyStart;
  const lengthFields = headers.filter((field) => field.name === "content-length");
  let bodyLength = available;
  if (lengthFields.length === 1) {
    const declared = readContentLength(lengthFields[0]?.value ?? "");
    if (declared === undefined) note({ code: "bad_content_length", header: "content-length", message: `Content-Length "${(lengthFields[0]?.value ?? "").slice(0, 20)}" is not a length` });
    else if (declared > available) note({ code: "body_truncated", header: "content-length", message: `Content-Length ${declared} but the body holds ${available} bytes` });
    else bodyLength = declared;
  } else if (lengthFields.length === 0 && options.framed) bodyLength = 0;
  message.body = Buffer.from(data.subarray(bodyStart, bodyStart + bodyLength));

  if (startLine.version !== "2.0" && !firstError) {
    note({ code: "unsupported_version", message: `SIP/${startLine.version} is not SIP/2.0` });
  }
  if (!firstError && core) return { kind: "message", message, core };

  const error: SipParseError = firstError ?? { code: "bad_header", message: "unreadable message" };
  const topVia = core?.via[0] ?? answerableVia(headers);
  if (message.kind === "request" && message.method !== "ACK" && topVia) {
    const status = error.code === "unsupported_version" ? 505 : 400;
    const reason = status === 505 ? "Version Not Supported" : `Bad Request - ${error.message}`.slice(0, 120).replace(/[\r\n]/g, " ");
    error.answer = { status, reason, request: message, via: topVia };
  }
  return { kind: "error", error };
}
