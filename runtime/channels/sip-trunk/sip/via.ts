import { isIP } from "node:net";
import { fail, ok, type SipResult } from "./sip-result";
import { formatHost } from "./sip-uri";
import { formatParams, parseParams, type SipParams } from "./sip-text";

/** RFC 3261 §8.1.1.7: a branch that starts with this was made by an RFC 3261 element. */
export const MAGIC_COOKIE = "z9hG4bK";

/** One Via value (RFC 3261 §20.42, RFC 3581 rport). */
export interface Via {
  /** "UDP", "TCP", "TLS", … upper-cased. */
  transport: string;
  host: string;
  port: number | undefined;
  /** `branch`, `received`, `rport`, `maddr`, `ttl`, … names lower-cased. */
  params: SipParams;
}

const VIA = /^SIP\s*\/\s*\d{1,3}\.\d{1,3}\s*\/\s*([A-Za-z0-9\-.!%*_+`'~]+)\s+(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-.]+)(?:\s*:\s*(\d{1,5}))?\s*(;.*)?$/i;

export function parseVia(text: string): SipResult<Via> {
  const match = VIA.exec(text.trim());
  if (!match) return fail(`"${text.slice(0, 60)}" is not a Via value`);
  const [, transport = "", rawHost = "", rawPort, rawParams = ""] = match;
  const host = rawHost.startsWith("[") ? rawHost.slice(1, -1) : rawHost;
  if (rawHost.startsWith("[") && isIP(host) !== 6) return fail(`Via host "${rawHost}" is not an IPv6 address`);
  const port = rawPort === undefined ? undefined : Number(rawPort);
  if (port !== undefined && (port < 1 || port > 65535)) return fail(`Via port ${port} is out of range`);
  const params = parseParams(rawParams);
  if (!params.ok) return fail(`Via parameters: ${params.error}`);
  const branch = params.value.get("branch");
  if (branch === null || branch === "") return fail("Via branch is empty");
  const rport = params.value.get("rport");
  if (rport !== undefined && rport !== null && !/^\d{1,5}$/.test(rport)) return fail("Via rport is not a port");
  return ok({ transport: transport.toUpperCase(), host: host.toLowerCase(), port, params: params.value });
}

export function formatVia(via: Via): string {
  return `SIP/2.0/${via.transport} ${formatHost(via.host)}${via.port === undefined ? "" : `:${via.port}`}${formatParams(via.params)}`;
}

/** The Via's branch, if it has one. */
export function branchOf(via: Via): string | undefined {
  const branch = via.params.get("branch");
  return branch === null ? undefined : branch;
}
