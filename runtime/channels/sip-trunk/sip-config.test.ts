import { describe, expect, it } from "vitest";
import { readSipConfig } from "./sip-config";

describe("SIP configuration from the environment", () => {
  it("defaults: 127.0.0.1:5060 (UDP and TCP), no TLS, 600 requests a minute per address (blank is unset)", () => {
    expect(readSipConfig({})).toEqual({ host: "127.0.0.1", port: 5060, requestsPerMinute: 600, optionsIntervalMs: 30_000 });
    expect(readSipConfig({ SIP_HOST: " ", SIP_PORT: "", SIP_TLS_CERT: "" })).toEqual(readSipConfig({}));
  });

  it("reads every variable; MEDIA_PUBLIC_IP is the advertised host unless SIP_ADVERTISED_HOST says otherwise", () => {
    const config = readSipConfig({ SIP_HOST: "0.0.0.0", SIP_PORT: "5070", SIP_TLS_PORT: "5071", SIP_TLS_CERT: "/etc/sip/cert.pem", SIP_TLS_KEY: "/etc/sip/key.pem", SIP_TLS_CA: "/etc/sip/carrier-ca.pem", MEDIA_PUBLIC_IP: "203.0.113.7", SIP_REQUESTS_PER_MINUTE: "0", SIP_OPTIONS_INTERVAL_SECONDS: "5" });
    expect(config).toEqual({ host: "0.0.0.0", port: 5070, tls: { port: 5071, certFile: "/etc/sip/cert.pem", keyFile: "/etc/sip/key.pem" }, tlsCaFile: "/etc/sip/carrier-ca.pem", advertisedHost: "203.0.113.7", requestsPerMinute: 0, optionsIntervalMs: 5000 });
    expect(readSipConfig({ MEDIA_PUBLIC_IP: "203.0.113.7", SIP_ADVERTISED_HOST: "sip.acme.example" }).advertisedHost).toBe("sip.acme.example");
  });

  it.each([
    [{ SIP_PORT: "70000" }, /^configuration: SIP_PORT: /],
    [{ SIP_PORT: "five" }, /^configuration: SIP_PORT: /],
    [{ SIP_TLS_CERT: "/etc/sip/cert.pem" }, /^configuration: SIP_TLS_KEY: SIP over TLS needs both/],
    [{ SIP_TLS_KEY: "/etc/sip/key.pem" }, /^configuration: SIP_TLS_CERT: SIP over TLS needs both/],
    [{ SIP_REQUESTS_PER_MINUTE: "-1" }, /^configuration: SIP_REQUESTS_PER_MINUTE: /],
    [{ SIP_OPTIONS_INTERVAL_SECONDS: "0" }, /^configuration: SIP_OPTIONS_INTERVAL_SECONDS: /],
  ])("refuses %o naming the variable", (env, message) => {
    expect(() => readSipConfig(env)).toThrow(message);
  });
});
