/** The transports a SIP message travels over. */
export type SipTransportName = "udp" | "tcp" | "tls";

/** Where a message came from. */
export interface SipSource {
  transport: SipTransportName;
  /** The peer's IP address (IPv4-mapped IPv6 addresses reduced to IPv4). */
  address: string;
  port: number;
  /** For TCP/TLS: the connection it came over (answers go back over it while it is open). */
  connectionId?: number;
}

/** Where to send a message: an IP address or host name and port over a transport. */
export interface SipDestination {
  transport: SipTransportName;
  address: string;
  port: number;
  /** For TCP/TLS: prefer this open connection. */
  connectionId?: number;
  /** For TLS: the name to check the server's certificate against (defaults to `address` when it is a name). */
  serverName?: string;
}

export const DEFAULT_PORTS: Record<SipTransportName, number> = { udp: 5060, tcp: 5060, tls: 5061 };

/** Whether the transport delivers reliably (RFC 3261 timers that only retransmit are off). */
export function isReliable(transport: SipTransportName): boolean {
  return transport !== "udp";
}

/** `udp` for "UDP" in a Via or `transport=` parameter, etc.; undefined for transports we do not speak. */
export function transportFromToken(token: string | null | undefined): SipTransportName | undefined {
  switch (token?.toLowerCase()) {
    case "udp":
      return "udp";
    case "tcp":
      return "tcp";
    case "tls":
      return "tls";
    default:
      return undefined;
  }
}
