import type { ChannelView } from "./channels-api";

/** Where a carrier sends a trunk's calls: our SIP URIs (`webhookUrls.sip`, `.sips` over TLS) and the ports behind them. */
export interface SipConnect {
  addresses: Array<{ label: string; value: string; hint: string }>;
  /** The SIP ports to open (`5060 (UDP and TCP)`, `5061 (TLS)`), read off the URIs. */
  sipPorts: string[];
  /** The RTP range when the server says it (`webhookUrls.rtp`, e.g. `10000-20000`). */
  rtpPorts: string | undefined;
  /** Registers with a registrar (else the carrier's calls are accepted by address). */
  registrar: string | undefined;
  inboundAddresses: string[];
  numbers: string[];
}

/** The port of a `sip:` / `sips:` URI (`sip:+1555…@sb.example:5070;transport=tcp` → 5070), else the scheme's default. */
export function portOfUri(uri: string): number {
  const match = /^(sips?):(?:[^@]*@)?(\[[^\]]+\]|[^:;?]+)(?::([0-9]{1,5}))?/i.exec(uri.trim());
  if (match?.[3] !== undefined) return Number(match[3]);
  return match?.[1]?.toLowerCase() === "sips" ? 5061 : 5060;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item) => typeof item === "string") : []);

/** What the connect step of a SIP trunk shows, from the channel as the API answers it. */
export function sipConnectOf(channel: Pick<ChannelView, "settings" | "webhookUrls">): SipConnect {
  const { sip, sips, rtp } = channel.webhookUrls;
  const transport = channel.settings.transport === "tcp" ? "TCP" : channel.settings.transport === "tls" ? "TLS" : "UDP";
  const addresses: SipConnect["addresses"] = [];
  if (sip !== undefined) addresses.push({ label: "SIP URI", value: sip, hint: transport === "TLS" ? "UDP or TCP" : transport });
  if (sips !== undefined) addresses.push({ label: "SIP URI over TLS", value: sips, hint: "TLS" });
  const sipPorts: string[] = [];
  if (sip !== undefined) sipPorts.push(`${portOfUri(sip)} (UDP and TCP)`);
  if (sips !== undefined) sipPorts.push(`${portOfUri(sips)} (TLS)`);
  const registrar = typeof channel.settings.registrar === "string" && channel.settings.registrar !== "" ? channel.settings.registrar : undefined;
  return { addresses, sipPorts, rtpPorts: rtp, registrar, inboundAddresses: strings(channel.settings.inboundAddresses), numbers: strings(channel.settings.numbers) };
}
