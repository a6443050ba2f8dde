/** RFC 3261 §7.3.3 compact forms (and RFC 3515 `r`, RFC 4028 `x`, RFC 3841 `j`, RFC 3903 `o`, `u`). */
const COMPACT: Record<string, string> = {
  i: "call-id",
  m: "contact",
  e: "content-encoding",
  l: "content-length",
  c: "content-type",
  f: "from",
  s: "subject",
  k: "supported",
  t: "to",
  v: "via",
  r: "refer-to",
  x: "session-expires",
  o: "event",
  u: "allow-events",
};

/** How headers are written out where Title-Case is not what RFC 3261 writes. */
const DISPLAY: Record<string, string> = {
  "call-id": "Call-ID",
  cseq: "CSeq",
  "www-authenticate": "WWW-Authenticate",
  "mime-version": "MIME-Version",
  rseq: "RSeq",
  rack: "RAck",
  "min-se": "Min-SE",
  "p-asserted-identity": "P-Asserted-Identity",
};

/**
 * Headers whose values are comma-separated lists (RFC 3261 §7.3.1): several fields of the same name
 * and one field with commas mean the same. The authentication headers are not among them: their
 * parameters contain commas.
 */
const LIST_HEADERS = new Set([
  "via",
  "contact",
  "route",
  "record-route",
  "path",
  "allow",
  "supported",
  "require",
  "proxy-require",
  "unsupported",
  "accept",
  "accept-encoding",
  "accept-language",
  "content-encoding",
  "content-language",
  "allow-events",
  "in-reply-to",
  "alert-info",
  "call-info",
  "error-info",
  "warning",
  "p-asserted-identity",
]);

/** The lower-case long name of a header name as received (`i` → `call-id`, `CALL-ID` → `call-id`). */
export function canonicalHeaderName(name: string): string {
  const lower = name.toLowerCase();
  return COMPACT[lower] ?? lower;
}

/** The name as written on the wire for a canonical name (`call-id` → `Call-ID`, `via` → `Via`). */
export function displayHeaderName(canonical: string): string {
  return DISPLAY[canonical] ?? canonical.replace(/(^|-)([a-z])/g, (_, dash: string, ch: string) => dash + ch.toUpperCase());
}

export function isListHeader(canonical: string): boolean {
  return LIST_HEADERS.has(canonical);
}
