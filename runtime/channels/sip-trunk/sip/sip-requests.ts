import { formatNameAddr } from "./name-addr";
import { newBranch } from "./sip-ids";
import { canonicalHeaderName } from "./sip-header-names";
import type { SipHeaderField, SipRequest } from "./sip-message";
import type { SipTransportName } from "./sip-endpoint";
import { formatHost } from "./sip-uri";
import { splitList } from "./sip-text";

/** How we appear on one transport: the host and port written in Via and Contact. */
export interface SipLocalEndpoint {
  host: string;
  port: number;
  transport: SipTransportName;
}

/** Our Via for a new request: `SIP/2.0/UDP host:port;branch=…;rport` (RFC 3581: ask for the source port back). */
export function viaFor(local: SipLocalEndpoint, branch = newBranch()): string {
  return `SIP/2.0/${local.transport.toUpperCase()} ${formatHost(local.host)}:${local.port};branch=${branch};rport`;
}

/**
 * Our Contact: `<sip:user@host:port;transport=tcp>` (no transport parameter for UDP). Over TLS a
 * `sips:` URI unless `secure` is false: a dialog whose INVITE was a `sip:` URI sent over TLS
 * gets `<sip:…;transport=tls>` (RFC 3261 §12.1.1 asks for SIPS only after a SIPS request).
 */
export function contactFor(local: SipLocalEndpoint, user = "switchboard", secure = local.transport === "tls"): string {
  const transport = local.transport === "udp" ? "" : `;transport=${local.transport}`;
  const scheme = secure ? "sips" : "sip";
  return `<${scheme}:${user}@${formatHost(local.host)}:${local.port}${transport}>`;
}

export interface RequestInput {
  method: string;
  uri: string;
  local: SipLocalEndpoint;
  from: { uri: string; displayName?: string | undefined; tag: string };
  to: { uri: string; displayName?: string | undefined; tag?: string | undefined };
  callId: string;
  cseq: number;
  /** The CSeq method when it is not `method` (never, except ACK/CANCEL built elsewhere). */
  contact?: string;
  /** Route header values in order (name-addr text). */
  routes?: readonly string[];
  headers?: ReadonlyArray<readonly [string, string]>;
  body?: Buffer;
  contentType?: string;
  userAgent?: string;
  branch?: string;
}

/** A request from its parts (RFC 3261 §8.1.1): Via, Max-Forwards 70, To, From, Call-ID, CSeq, Route, Contact, extra fields, body. */
export function buildRequest(input: RequestInput): SipRequest {
  const headers: SipHeaderField[] = [
    { name: "via", value: viaFor(input.local, input.branch) },
    { name: "max-forwards", value: "70" },
    { name: "to", value: formatNameAddr({ displayName: input.to.displayName, uriText: input.to.uri, params: new Map(input.to.tag ? [["tag", input.to.tag]] : []) }) },
    { name: "from", value: formatNameAddr({ displayName: input.from.displayName, uriText: input.from.uri, params: new Map([["tag", input.from.tag]]) }) },
    { name: "call-id", value: input.callId },
    { name: "cseq", value: `${input.cseq} ${input.method}` },
  ];
  for (const route of input.routes ?? []) headers.push({ name: "route", value: route });
  if (input.contact) headers.push({ name: "contact", value: input.contact });
  if (input.userAgent) headers.push({ name: "user-agent", value: input.userAgent });
  for (const [name, value] of input.headers ?? []) headers.push({ name: canonicalHeaderName(name), value });
  const body = input.body ?? Buffer.alloc(0);
  if (body.length > 0) headers.push({ name: "content-type", value: input.contentType ?? "application/sdp" });
  return { kind: "request", method: input.method, uri: input.uri, headers, body };
}

/**
 * The CANCEL of an INVITE we sent (RFC 3261 §9.1): its Request-URI, top Via (same branch),
 * To, From, Call-ID, Route and CSeq number, with method CANCEL and no body.
 */
export function cancelFor(invite: SipRequest): SipRequest {
  const headers: SipHeaderField[] = [];
  let viaDone = false;
  for (const field of invite.headers) {
    if (field.name === "via" && !viaDone) {
      headers.push({ name: "via", value: splitList(field.value)[0] ?? field.value });
      viaDone = true;
    } else if (field.name === "to" || field.name === "from" || field.name === "call-id" || field.name === "route" || field.name === "max-forwards") headers.push({ ...field });
    else if (field.name === "cseq") headers.push({ name: "cseq", value: field.value.replace(/\S+\s*$/, "CANCEL") });
  }
  return { kind: "request", method: "CANCEL", uri: invite.uri, headers, body: Buffer.alloc(0) };
}
