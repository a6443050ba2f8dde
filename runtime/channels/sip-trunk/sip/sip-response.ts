import { formatNameAddr, tagOf } from "./name-addr";
import type { SipCore, SipHeaderField, SipRequest, SipResponse } from "./sip-message";
import { canonicalHeaderName } from "./sip-header-names";

/** RFC 3261 §21 reason phrases (and RFC 4028 422, RFC 3265 489) for the codes this stack sends. */
export const REASON_PHRASES: Record<number, string> = {
  100: "Trying",
  180: "Ringing",
  181: "Call Is Being Forwarded",
  182: "Queued",
  183: "Session Progress",
  200: "OK",
  202: "Accepted",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  407: "Proxy Authentication Required",
  408: "Request Timeout",
  413: "Request Entity Too Large",
  415: "Unsupported Media Type",
  416: "Unsupported URI Scheme",
  420: "Bad Extension",
  422: "Session Interval Too Small",
  423: "Interval Too Brief",
  480: "Temporarily Unavailable",
  481: "Call/Transaction Does Not Exist",
  482: "Loop Detected",
  483: "Too Many Hops",
  486: "Busy Here",
  487: "Request Terminated",
  488: "Not Acceptable Here",
  489: "Bad Event",
  491: "Request Pending",
  500: "Server Internal Error",
  501: "Not Implemented",
  503: "Service Unavailable",
  504: "Server Time-out",
  505: "Version Not Supported",
  513: "Message Too Large",
  600: "Busy Everywhere",
  603: "Decline",
  604: "Does Not Exist Anywhere",
  606: "Not Acceptable",
};

export interface ResponseOptions {
  reason?: string;
  /** Added to To when it has no tag (never on 100 Trying). */
  toTag?: string;
  /** Extra header fields, `[name, value]`. */
  headers?: ReadonlyArray<readonly [string, string]>;
  body?: Buffer;
  contentType?: string;
}

/**
 * A response to `request` (RFC 3261 §8.2.6): Via (every value, as received and annotated), From,
 * Call-ID and CSeq copied; To copied with our tag added when it has none; then the extra fields.
 * Works for requests whose From/To could not be parsed (a 400): they are copied as they came.
 */
export function buildResponse(request: SipRequest, core: SipCore | undefined, status: number, options: ResponseOptions = {}): SipResponse {
  const headers: SipHeaderField[] = [];
  for (const field of request.headers) {
    if (field.name === "via" || field.name === "from" || field.name === "call-id" || field.name === "cseq") headers.push({ ...field });
    else if (field.name === "to") {
      const needsTag = status > 100 && options.toTag !== undefined && core !== undefined && tagOf(core.to) === undefined;
      headers.push({ name: "to", value: needsTag ? formatNameAddr({ ...core.to, params: new Map([...core.to.params, ["tag", options.toTag ?? null]]) }) : field.value });
    }
  }
  for (const [name, value] of options.headers ?? []) headers.push({ name: canonicalHeaderName(name), value });
  const body = options.body ?? Buffer.alloc(0);
  if (body.length > 0 && options.contentType) headers.push({ name: "content-type", value: options.contentType });
  return { kind: "response", status, reason: options.reason ?? REASON_PHRASES[status] ?? "Unknown", headers, body };
}
