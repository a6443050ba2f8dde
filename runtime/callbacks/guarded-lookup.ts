import { lookup as dnsLookup } from "node:dns";
import type { LookupFunction } from "node:net";
import type { AddressPolicy } from "./address-policy";

/** A name resolved only to addresses the SSRF guard refuses. */
export class BlockedAddress extends Error {
  override name = "BlockedAddress";
}

/**
 * The SSRF guard at connect time: a `lookup` for node's http/https that keeps only the addresses
 * the policy allows (all of them when the host name itself is allow-listed), so the socket connects
 * to exactly a checked address and a DNS answer that changes between check and use cannot slip through.
 */
export function guardedLookup(policy: AddressPolicy, hostAllowed: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      const list = Array.isArray(addresses) ? addresses : [];
      const usable = hostAllowed ? list : list.filter((entry) => policy.isAllowedAddress(entry.address));
      const chosen = usable[0];
      if (!chosen) return callback(new BlockedAddress(`${hostname} resolves only to addresses that are not allowed`), "", 0);
      if (options.all) return callback(null, usable);
      return callback(null, chosen.address, chosen.family);
    });
  };
}
