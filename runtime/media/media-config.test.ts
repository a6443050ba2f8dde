import { describe, expect, it } from "vitest";
import { readMediaConfig } from "./media-config";

describe("media configuration from the environment", () => {
  it("defaults: no ICE servers, no public IP, RTP ports 10000–20000, 30 s without RTP ends a leg (blank is unset)", () => {
    expect(readMediaConfig({})).toEqual({ iceServers: [], rtpPorts: { min: 10000, max: 20000 }, noRtpTimeoutMs: 30_000 });
    expect(readMediaConfig({ ICE_SERVERS: " ", MEDIA_PUBLIC_IP: "", RTP_PORT_MIN: "" })).toEqual(readMediaConfig({}));
  });

  it("reads every variable", () => {
    const config = readMediaConfig({
      ICE_SERVERS: JSON.stringify([{ urls: "stun:stun.example.com:3478" }, { urls: ["turn:turn.example.com:3478", "turn:turn.example.com:3478?transport=tcp"], secret: "s3cret", ttlSeconds: 900 }]),
      MEDIA_PUBLIC_IP: "203.0.113.7",
      RTP_PORT_MIN: "30000",
      RTP_PORT_MAX: "30999",
      MEDIA_BIND_ADDRESS: "10.0.0.5",
      MEDIA_NO_RTP_SECONDS: "12",
    });
    expect(config.publicIp).toBe("203.0.113.7");
    expect(config.bindAddress).toBe("10.0.0.5");
    expect(config.noRtpTimeoutMs).toBe(12_000);
    expect(config.rtpPorts).toEqual({ min: 30000, max: 30999 });
    expect(config.iceServers).toHaveLength(2);
  });

  it.each([
    [{ MEDIA_PUBLIC_IP: "media.example.com" }, /^configuration: MEDIA_PUBLIC_IP: must be an IPv4 or IPv6 address/],
    [{ RTP_PORT_MIN: "80" }, /^configuration: RTP_PORT_MIN: /],
    [{ RTP_PORT_MAX: "70000" }, /^configuration: RTP_PORT_MAX: /],
    [{ MEDIA_NO_RTP_SECONDS: "0" }, /^configuration: MEDIA_NO_RTP_SECONDS: /],
    [{ RTP_PORT_MIN: "20000", RTP_PORT_MAX: "10000" }, /^configuration: RTP_PORT_MIN: 20000 is above RTP_PORT_MAX/],
    [{ ICE_SERVERS: "stun:stun.example.com" }, /^configuration: ICE_SERVERS: must be a JSON array/],
    [{ ICE_SERVERS: '[{"urls":"turn:turn.example.com"}]' }, /^configuration: ICE_SERVERS\[0\]\.urls: a TURN server needs username and credential, or secret/],
  ])("%o is refused, naming the variable", (env, message) => {
    expect(() => readMediaConfig(env)).toThrow(message);
  });
});
