import { BlockList, isIP } from "node:net";

/**
 * Which addresses an HTTP callback may reach. Loopback, private, link-local, carrier-grade NAT,
 * multicast, unspecified and cloud metadata addresses are refused unless allow-listed.
 */
const blocked = new BlockList();
// IPv4
blocked.addSubnet("0.0.0.0", 8, "ipv4"); // "this network"
blocked.addSubnet("10.0.0.0", 8, "ipv4");
blocked.addSubnet("100.64.0.0", 10, "ipv4"); // carrier-grade NAT
blocked.addSubnet("127.0.0.0", 8, "ipv4");
blocked.addSubnet("169.254.0.0", 16, "ipv4"); // link-local, incl. 169.254.169.254 metadata
blocked.addSubnet("172.16.0.0", 12, "ipv4");
blocked.addSubnet("192.0.0.0", 24, "ipv4"); // IETF protocol assignments
blocked.addSubnet("192.168.0.0", 16, "ipv4");
blocked.addSubnet("198.18.0.0", 15, "ipv4"); // benchmarking
blocked.addSubnet("224.0.0.0", 4, "ipv4"); // multicast
blocked.addSubnet("240.0.0.0", 4, "ipv4"); // reserved, broadcast
// IPv6
blocked.addAddress("::", "ipv6");
blocked.addAddress("::1", "ipv6");
blocked.addSubnet("fc00::", 7, "ipv6"); // unique local
blocked.addSubnet("fe80::", 10, "ipv6"); // link-local
blocked.addSubnet("ff00::", 8, "ipv6"); // multicast
blocked.addSubnet("64:ff9b::", 96, "ipv6"); // NAT64 can reach IPv4 private space
blocked.addAddress("fd00:ec2::254", "ipv6"); // AWS metadata over IPv6

/** An allow-list entry: an address (`127.0.0.1`), a CIDR (`10.1.0.0/16`) or a host name (`api.internal`). */
export interface AddressPolicy {
  isAllowedAddress(address: string): boolean;
  isAllowedHost(host: string): boolean;
}

export function addressPolicy(allowList: readonly string[] = []): AddressPolicy {
  const allowed = new BlockList();
  const hosts = new Set<string>();
  for (const entry of allowList.map((item) => item.trim()).filter(Boolean)) {
    const [address = "", prefix] = entry.split("/");
    const family = isIP(address);
    if (family === 0) {
      hosts.add(entry.toLowerCase());
    } else if (prefix === undefined) {
      allowed.addAddress(address, family === 4 ? "ipv4" : "ipv6");
    } else {
      allowed.addSubnet(address, Number(prefix), family === 4 ? "ipv4" : "ipv6");
    }
  }
  return {
    isAllowedHost: (host) => hosts.has(host.toLowerCase()),
    isAllowedAddress: (address) => {
      const plain = unmapIpv4(address);
      const family = isIP(plain) === 4 ? "ipv4" : "ipv6";
      if (allowed.check(plain, family)) return true;
      return !blocked.check(plain, family);
    },
  };
}

/** `::ffff:127.0.0.1` is 127.0.0.1. */
function unmapIpv4(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match?.[1] ?? address;
}

/**
 * Why the SSRF guard refuses a URL's host before any lookup: an IP literal it does not allow
 * (host names are checked when connecting, by `guardedLookup`). Undefined when it may go on.
 */
export function refusedLiteralHost(hostname: string, policy: AddressPolicy): string | undefined {
  const host = hostname.replace(/^\[|\]$/g, "");
  if (policy.isAllowedHost(host) || isIP(host) === 0 || policy.isAllowedAddress(host)) return undefined;
  return `address ${host} is not allowed`;
}
