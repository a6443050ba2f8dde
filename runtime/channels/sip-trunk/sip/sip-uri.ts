import { isIP } from "node:net";
import { fail, ok, type SipResult } from "./sip-result";
import { formatParams, parseParams, type SipParams } from "./sip-text";

/** A `sip:` or `sips:` URI (RFC 3261 §19.1), or another scheme's URI kept whole (`tel:+1555…`). */
export interface SipUri {
  scheme: string;
  /** The user part, %-escapes undone (`+15551234567`, `alice`); undefined when there is none. */
  user: string | undefined;
  /** The host; IPv6 references without brackets. Empty for URIs that are not `sip:`/`sips:`. */
  host: string;
  port: number | undefined;
  /** URI parameters (`transport`, `lr`, `maddr`, …), names lower-cased. */
  params: SipParams;
  /** The `?…` headers part as written, or "". */
  headers: string;
  /** For other schemes: everything after the colon. */
  opaque: string;
}

const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/;
const USER = /^(?:[A-Za-z0-9\-_.!~*'()&=+$,;?/]|%[0-9A-Fa-f]{2})+$/;
const PASSWORD = /^(?:[A-Za-z0-9\-_.!~*'()&=+$,]|%[0-9A-Fa-f]{2})*$/;

function unescapeUser(user: string): SipResult<string> {
  try {
    return ok(decodeURIComponent(user));
  } catch {
    return fail(`bad %-escape in "${user}"`);
  }
}

/** Parses a URI; `sip:`/`sips:` fully (user, host, port, parameters), other schemes kept opaque. */
export function parseSipUri(text: string): SipResult<SipUri> {
  const colon = text.indexOf(":");
  if (colon <= 0 || !/^[A-Za-z][A-Za-z0-9+.-]*$/.test(text.slice(0, colon))) return fail(`"${text.slice(0, 40)}" is not a URI`);
  const scheme = text.slice(0, colon).toLowerCase();
  const rest = text.slice(colon + 1);
  if (/[\s<>"]/.test(rest) || rest === "") return fail(`"${text.slice(0, 40)}" is not a URI`);
  if (scheme !== "sip" && scheme !== "sips") {
    return ok({ scheme, user: undefined, host: "", port: undefined, params: new Map(), headers: "", opaque: rest });
  }
  const question = rest.indexOf("?");
  const headers = question >= 0 ? rest.slice(question + 1) : "";
  const main = question >= 0 ? rest.slice(0, question) : rest;
  const at = main.lastIndexOf("@");
  let user: string | undefined;
  let hostPart = main;
  if (at >= 0) {
    const userInfo = main.slice(0, at);
    hostPart = main.slice(at + 1);
    const passwordColon = userInfo.indexOf(":");
    const rawUser = passwordColon >= 0 ? userInfo.slice(0, passwordColon) : userInfo;
    if (!USER.test(rawUser)) return fail(`bad user part "${rawUser.slice(0, 40)}"`);
    if (passwordColon >= 0 && !PASSWORD.test(userInfo.slice(passwordColon + 1))) return fail("bad password part");
    const unescaped = unescapeUser(rawUser);
    if (!unescaped.ok) return unescaped;
    user = unescaped.value;
  }
  let host: string;
  let afterHost: string;
  if (hostPart.startsWith("[")) {
    const close = hostPart.indexOf("]");
    if (close < 0) return fail("unterminated IPv6 reference");
    host = hostPart.slice(1, close);
    if (isIP(host) !== 6) return fail(`"${host}" is not an IPv6 address`);
    afterHost = hostPart.slice(close + 1);
  } else {
    const end = hostPart.search(/[:;]/);
    host = end >= 0 ? hostPart.slice(0, end) : hostPart;
    afterHost = end >= 0 ? hostPart.slice(end) : "";
    if (!HOSTNAME.test(host) && isIP(host) !== 4) return fail(`bad host "${host.slice(0, 40)}"`);
  }
  let port: number | undefined;
  const portMatch = /^:(\d{1,5})/.exec(afterHost);
  if (portMatch) {
    port = Number(portMatch[1]);
    if (port < 1 || port > 65535) return fail(`bad port ${port}`);
    afterHost = afterHost.slice(portMatch[0].length);
  } else if (afterHost.startsWith(":")) return fail("bad port");
  const params = parseParams(afterHost);
  if (!params.ok) return fail(`bad URI parameters: ${params.error}`);
  return ok({ scheme, user, host: host.toLowerCase(), port, params: params.value, headers, opaque: "" });
}

/** `host` as written in a URI or Via: IPv6 addresses in brackets. */
export function formatHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

/** The URI as text (the user part escaped where it must be). */
export function formatSipUri(uri: SipUri): string {
  if (uri.scheme !== "sip" && uri.scheme !== "sips") return `${uri.scheme}:${uri.opaque}`;
  const user = uri.user === undefined ? "" : `${uri.user.replace(/[^A-Za-z0-9\-_.!~*'()&=+$,;?/]/g, (ch) => encodeURIComponent(ch))}@`;
  const port = uri.port === undefined ? "" : `:${uri.port}`;
  const headers = uri.headers === "" ? "" : `?${uri.headers}`;
  return `${uri.scheme}:${user}${formatHost(uri.host)}${port}${formatParams(uri.params)}${headers}`;
}

/** A `sip:` URI from its parts. */
export function sipUri(parts: { user?: string; host: string; port?: number; params?: Record<string, string | null>; secure?: boolean }): SipUri {
  return {
    scheme: parts.secure ? "sips" : "sip",
    user: parts.user,
    host: parts.host,
    port: parts.port,
    params: new Map(Object.entries(parts.params ?? {})),
    headers: "",
    opaque: "",
  };
}
