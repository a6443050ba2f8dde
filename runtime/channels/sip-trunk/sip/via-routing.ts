import { isIP } from "node:net";
import type { SipCore, SipMessage } from "./sip-message";
import { DEFAULT_PORTS, transportFromToken, type SipDestination, type SipSource } from "./sip-endpoint";
import { splitList } from "./sip-text";
import { formatVia, type Via } from "./via";

/**
 * RFC 3261 §18.2.1 and RFC 3581 §4: a request's top Via gets `received` with the source address
 * when its sent-by host differs, and a valueless `rport` gets the source port. The parsed Via and
 * the message's first Via field are both updated, so responses copy the annotated value.
 */
export function annotateTopVia(message: SipMessage, core: SipCore, source: SipSource): void {
  const top = core.via[0];
  if (!top) return;
  let changed = false;
  if (top.host !== source.address) {
    top.params.set("received", source.address);
    changed = true;
  }
  if (top.params.has("rport") && top.params.get("rport") === null) {
    top.params.set("rport", String(source.port));
    changed = true;
  }
  if (!changed) return;
  const field = message.headers.find((candidate) => candidate.name === "via");
  if (!field) return;
  const rest = splitList(field.value).slice(1);
  field.value = [formatVia(top), ...rest].join(", ");
}

/**
 * Where a response goes (RFC 3261 §18.2.2 with RFC 3581): over the connection the request came on
 * while it is open; else to `received` (or the sent-by host) at `rport` (or the sent-by port, or
 * the transport's default port).
 */
export function responseDestination(via: Via, source: SipSource | undefined): SipDestination {
  const transport = transportFromToken(via.transport) ?? source?.transport ?? "udp";
  const received = via.params.get("received");
  const rport = via.params.get("rport");
  const address = received && isIP(received) ? received : via.host;
  const port = rport && /^\d+$/.test(rport) ? Number(rport) : (via.port ?? DEFAULT_PORTS[transport]);
  const destination: SipDestination = { transport, address, port };
  if (source?.connectionId !== undefined && source.transport === transport) destination.connectionId = source.connectionId;
  return destination;
}
