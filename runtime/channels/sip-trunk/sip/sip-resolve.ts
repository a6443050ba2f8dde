import { lookup, resolveSrv } from "node:dns/promises";
import { isIP } from "node:net";
import { DEFAULT_PORTS, transportFromToken, type SipDestination, type SipTransportName } from "./sip-endpoint";
import { parseSipUri } from "./sip-uri";

/**
 * Where to send a request for a URI (RFC 3263, simplified): its `transport` parameter or the given
 * default; an IP address as is; a host name with a port by its A/AAAA record; a host name without
 * one by SRV (`_sip._udp`, `_sip._tcp`, `_sips._tcp`) first, else A/AAAA on the default port.
 * NAPTR is not consulted. Rejects with a clear error for URIs it cannot route.
 */
export async function resolveSipUri(uriText: string, defaultTransport: SipTransportName): Promise<SipDestination> {
  const parsed = parseSipUri(uriText);
  if (!parsed.ok) throw new Error(`cannot route to "${uriText}": ${parsed.error}`);
  const uri = parsed.value;
  if (uri.host === "") throw new Error(`cannot route to "${uriText}": not a sip: or sips: URI`);
  const transport: SipTransportName = transportFromToken(uri.params.get("transport")) ?? (uri.scheme === "sips" ? "tls" : defaultTransport);
  const maddr = uri.params.get("maddr");
  const host = maddr && isIP(maddr) ? maddr : uri.host;
  if (isIP(host)) return { transport, address: host, port: uri.port ?? DEFAULT_PORTS[transport] };
  const serverName = host;
  if (uri.port === undefined) {
    const service = transport === "tls" ? "_sips._tcp" : transport === "tcp" ? "_sip._tcp" : "_sip._udp";
    try {
      const records = await resolveSrv(`${service}.${host}`);
      records.sort((a, b) => a.priority - b.priority || b.weight - a.weight);
      const best = records[0];
      if (best) {
        const address = await lookup(best.name);
        return { transport, address: address.address, port: best.port, serverName };
      }
    } catch {
      // no SRV records: fall back to the host's address
    }
  }
  const address = await lookup(host);
  return { transport, address: address.address, port: uri.port ?? DEFAULT_PORTS[transport], serverName };
}
