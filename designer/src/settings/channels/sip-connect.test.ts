import { describe, expect, it } from "vitest";
import { portOfUri, sipConnectOf } from "./sip-connect";

describe("what a SIP trunk's connect step gives the carrier", () => {
  it("reads the SIP port off our URIs, with the schemes' defaults", () => {
    expect(portOfUri("sip:+15550001234@sb.acme.example:5070")).toBe(5070);
    expect(portOfUri("sip:+15550001234@sb.acme.example")).toBe(5060);
    expect(portOfUri("sips:+15550001234@sb.acme.example")).toBe(5061);
    expect(portOfUri("sip:[2001:db8::1]:5080;transport=tcp")).toBe(5080);
    expect(portOfUri("sip:sb.acme.example")).toBe(5060);
  });

  it("lists our SIP addresses (TLS too when served), the ports to open, and how the carrier is known", () => {
    const connect = sipConnectOf({
      settings: { domain: "sip.carrier.example", transport: "tls", inboundAddresses: ["203.0.113.0/24"], numbers: ["+15550001234"] },
      webhookUrls: { sip: "sip:+15550001234@sb.acme.example:5060", sips: "sips:+15550001234@sb.acme.example:5061" },
    });
    expect(connect.addresses).toEqual([
      { label: "SIP URI", value: "sip:+15550001234@sb.acme.example:5060", hint: "UDP or TCP" },
      { label: "SIP URI over TLS", value: "sips:+15550001234@sb.acme.example:5061", hint: "TLS" },
    ]);
    expect(connect.sipPorts).toEqual(["5060 (UDP and TCP)", "5061 (TLS)"]);
    expect(connect).toMatchObject({ registrar: undefined, inboundAddresses: ["203.0.113.0/24"], numbers: ["+15550001234"], rtpPorts: undefined });
    expect(sipConnectOf({ settings: { registrar: "reg.carrier.example", transport: "udp" }, webhookUrls: { sip: "sip:sb.example:5062", rtp: "10000-20000" } })).toMatchObject({
      addresses: [{ label: "SIP URI", hint: "UDP" }],
      sipPorts: ["5062 (UDP and TCP)"],
      rtpPorts: "10000-20000",
      registrar: "reg.carrier.example",
    });
  });
});
