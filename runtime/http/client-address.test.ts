import { describe, expect, it } from "vitest";
import { clientAddress, rateKey } from "./client-address";

describe("clientAddress", () => {
  it("takes the socket's address and ignores X-Forwarded-For unless proxies are trusted", () => {
    expect(clientAddress("203.0.113.9", "198.51.100.1", 0)).toBe("203.0.113.9");
    expect(clientAddress("::ffff:203.0.113.9", undefined, 0)).toBe("203.0.113.9");
    expect(clientAddress(undefined, undefined, 0)).toBe("unknown");
  });

  it("with N trusted proxies, takes the address N hops back, never what the client wrote further left", () => {
    expect(clientAddress("10.0.0.2", "198.51.100.1", 1)).toBe("198.51.100.1");
    expect(clientAddress("10.0.0.2", "6.6.6.6, 198.51.100.1", 1)).toBe("198.51.100.1");
    expect(clientAddress("10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.1", 2)).toBe("198.51.100.1");
    // Fewer entries than trusted hops: the leftmost there is.
    expect(clientAddress("10.0.0.2", "198.51.100.1", 3)).toBe("198.51.100.1");
    // No header behind a proxy: the proxy's own address.
    expect(clientAddress("10.0.0.2", undefined, 1)).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.2", "[2001:db8::1]:443", 1)).toBe("2001:db8::1");
    expect(clientAddress("10.0.0.2", "198.51.100.1:5678", 1)).toBe("198.51.100.1");
  });
});

describe("rateKey", () => {
  it("keeps IPv4 addresses and groups IPv6 addresses by their /64", () => {
    expect(rateKey("203.0.113.9")).toBe("203.0.113.9");
    expect(rateKey("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(rateKey("2001:0db8:0001:0002:ffff:0:0:9")).toBe("2001:db8:1:2::/64");
    expect(rateKey("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
    expect(rateKey("::1")).toBe("0:0:0:0::/64");
    expect(rateKey("unknown")).toBe("unknown");
  });
});
