import { BlockList, isIP } from "node:net";

/**
 * Which source addresses a trunk's INVITEs may come from (its `inboundAddresses`: addresses and
 * CIDR blocks, IPv4 and IPv6), answered by node's BlockList. An IPv4-mapped IPv6 source
 * (`::ffff:203.0.113.5`, what a dual-stack socket reports) counts as its IPv4 address.
 */
export class AddressMatch {
  private readonly list = new BlockList();
  readonly empty: boolean;

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [address = "", bits] = entry.split("/");
      const family = isIP(address) === 6 ? "ipv6" : "ipv4";
      if (bits === undefined) this.list.addAddress(address, family);
      else this.list.addSubnet(address, Number(bits), family);
    }
    this.empty = entries.length === 0;
  }

  has(address: string): boolean {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    const plain = mapped ?? address;
    const family = isIP(plain);
    if (family === 0) return false;
    return this.list.check(plain, family === 6 ? "ipv6" : "ipv4");
  }
}
