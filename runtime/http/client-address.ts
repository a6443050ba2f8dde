import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import { isIP } from "node:net";

/**
 * The client's address for rate limits. `trustProxy` is how many reverse proxies stand in front
 * of the server (`TRUST_PROXY`): 0 takes the socket's remote address and ignores
 * `X-Forwarded-For` (a client could write anything there); N takes the address N hops back —
 * the entry each trusted proxy appended, counting from the right of `X-Forwarded-For` (the socket
 * being the last proxy), so entries a client wrote itself further left are never used.
 */
export function clientAddress(remote: string | undefined, forwardedFor: string | undefined, trustProxy: number): string {
  const hops = trustProxy > 0 && forwardedFor !== undefined ? forwardedFor.split(",").map((entry) => entry.trim()).filter(Boolean) : [];
  const chain = [...hops, remote ?? "unknown"];
  const picked = chain[Math.max(0, chain.length - 1 - trustProxy)] ?? "unknown";
  return normalize(picked);
}

/** The client address of a request: its socket's peer, or X-Forwarded-For through `trustProxy` proxies (`TRUST_PROXY`). */
export function clientAddressOf(c: Context, trustProxy: number): string {
  return clientAddress(peerAddress(c), c.req.header("x-forwarded-for"), trustProxy);
}

/** The socket's peer address (undefined when the request did not come through Node's HTTP server). */
function peerAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

/**
 * The key a limit counts under: an IPv4 address as it is, an IPv6 address by its /64 (what one
 * subscriber usually gets: counting single addresses would let them rotate through 2^64).
 */
export function rateKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const groups = expandIpv6(address);
  return groups === undefined ? address : `${groups.slice(0, 4).join(":")}::/64`;
}

/** 127.0.0.0/8 or ::1: this host (a local proxy, or a test client). */
export function isLoopback(address: string): boolean {
  return address === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}

/** Strips a port and brackets (`[::1]:443`, `1.2.3.4:5678`), and writes an IPv4-mapped IPv6 address as IPv4. */
function normalize(address: string): string {
  let text = address.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed?.[1] !== undefined) text = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(":"));
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(text);
  if (mapped?.[1] !== undefined) return mapped[1];
  return text.toLowerCase();
}

/** The eight 16-bit groups of an IPv6 address, each as 1–4 lowercase hex digits without leading zeros. */
function expandIpv6(address: string): string[] | undefined {
  const [head = "", tail] = address.split("::");
  const part = (text: string) => (text === "" ? [] : text.split(":"));
  const left = part(head);
  const right = tail === undefined ? [] : part(tail);
  // An embedded IPv4 tail (::ffff:1.2.3.4 is handled before; others are rare) takes two groups.
  const last = right.at(-1) ?? left.at(-1);
  if (last?.includes(".") === true) return undefined;
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  const groups = [...left, ...Array.from({ length: missing }, () => "0"), ...right];
  return groups.map((group) => Number.parseInt(group, 16).toString(16));
}
