import { describe, expect, it } from "vitest";
import { ChannelConfig } from "../channel-config";
import { TrunkDirectory, type SipTrunkChannel } from "./trunk-directory";

function trunk(id: string, settings: Record<string, unknown>): SipTrunkChannel {
  const config = ChannelConfig.parse({ type: "sip_trunk", credentials: {}, settings: { domain: "carrier.example", ...settings } });
  if (config.type !== "sip_trunk") throw new Error("not a trunk");
  return { ...config, id, name: id, flowId: "flow", enabled: true, status: "active", statusMessage: null, createdAt: 0, updatedAt: 0 };
}

describe("which trunk an inbound INVITE belongs to", () => {
  const directory = new TrunkDirectory();
  directory.set([
    trunk("acme", { inboundAddresses: ["203.0.113.0/24"], numbers: ["+15550100200", "+15550100201"] }),
    trunk("acme-overflow", { inboundAddresses: ["203.0.113.0/24"] }),
    trunk("beta", { inboundAddresses: ["2001:db8::/32"], numbers: ["+442079460000"] }),
    trunk("registered", { registrar: "sip.registered.example" }),
  ]);

  it("the trunk that owns the dialled number; a trunk without numbers takes the rest of its carrier's", () => {
    expect(directory.route("203.0.113.9", "+15550100201")).toMatchObject({ ok: true, channel: { id: "acme" } });
    expect(directory.route("203.0.113.9", "+15550100999")).toMatchObject({ ok: true, channel: { id: "acme-overflow" } });
    expect(directory.route("203.0.113.9", undefined)).toMatchObject({ ok: true, channel: { id: "acme-overflow" } });
  });

  it("403 for a source no trunk knows, whatever the number; 404 when its trunks do not own the number", () => {
    expect(directory.route("198.51.100.7", "+15550100200")).toEqual({ ok: false, status: 403, reason: "Forbidden" });
    expect(directory.route("2001:db8::5", "+15550100200")).toEqual({ ok: false, status: 404, reason: "Not Found" });
    expect(directory.route("2001:db8::5", "+442079460000")).toMatchObject({ ok: true, channel: { id: "beta" } });
  });

  it("an IPv4-mapped IPv6 source counts as its IPv4 address", () => {
    expect(directory.knows("::ffff:203.0.113.9")).toBe(true);
    expect(directory.route("::ffff:203.0.113.9", "+15550100200")).toMatchObject({ ok: true, channel: { id: "acme" } });
  });

  it("a registered trunk's registrar addresses are trusted only while it is registered, and survive a reload of the channels", () => {
    expect(directory.knows("192.0.2.50")).toBe(false);
    directory.setRegisteredAddresses("registered", ["192.0.2.50", "not an address"]);
    expect(directory.route("192.0.2.50", "+15550100200")).toMatchObject({ ok: true, channel: { id: "registered" } });
    directory.set(directory.channels);
    expect(directory.knows("192.0.2.50")).toBe(true);
    directory.setRegisteredAddresses("registered", []);
    expect(directory.route("192.0.2.50", "+15550100200")).toMatchObject({ ok: false, status: 403 });
  });
});
