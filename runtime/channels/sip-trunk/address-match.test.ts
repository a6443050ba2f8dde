import { describe, expect, it } from "vitest";
import { AddressMatch } from "./address-match";
import { numberOfUri, userOfUri } from "./phone-number";

describe("AddressMatch", () => {
  it("matches addresses and CIDR blocks, IPv4 and IPv6, and IPv4-mapped sources", () => {
    const match = new AddressMatch(["203.0.113.0/24", "198.51.100.7", "2001:db8::/32"]);
    expect(match.has("203.0.113.200")).toBe(true);
    expect(match.has("203.0.114.1")).toBe(false);
    expect(match.has("198.51.100.7")).toBe(true);
    expect(match.has("198.51.100.8")).toBe(false);
    expect(match.has("2001:db8::1")).toBe(true);
    expect(match.has("2001:db9::1")).toBe(false);
    expect(match.has("::ffff:203.0.113.9")).toBe(true);
    expect(match.has("not an address")).toBe(false);
    expect(new AddressMatch([]).empty).toBe(true);
  });
});

describe("numberOfUri", () => {
  it("reads E.164 numbers from sip:, sips: and tel: URIs", () => {
    expect(numberOfUri("sip:+15550100123@trunk.example.com")).toBe("+15550100123");
    expect(numberOfUri("sip:15550100123@203.0.113.5:5060;user=phone")).toBe("+15550100123");
    expect(numberOfUri("sips:+44 20 7946-0000@x")).toBe("+442079460000");
    expect(numberOfUri("tel:+1-555-010-0123")).toBe("+15550100123");
    expect(numberOfUri("sip:service@127.0.0.1:5070")).toBeUndefined();
    expect(numberOfUri("sip:0123@x")).toBeUndefined();
    expect(userOfUri("sip:service@127.0.0.1:5070")).toBe("service");
  });
});
