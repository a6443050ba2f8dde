import { isIP } from "node:net";
import type { ChannelOf } from "../channel-config";
import { AddressMatch } from "./address-match";

export type SipTrunkChannel = ChannelOf<"sip_trunk">;

/** Where an inbound INVITE goes: a trunk, or the refusal it gets (nothing is stored for one). */
export type InboundRoute = { ok: true; channel: SipTrunkChannel } | { ok: false; status: 403 | 404; reason: string };

interface Entry {
  channel: SipTrunkChannel;
  /** The carrier's addresses (settings.inboundAddresses). */
  inbound: AddressMatch;
  /** Addresses of the registrar, outbound proxy and domain (resolved), trusted while the trunk is registered. */
  registered: Set<string>;
  numbers: Set<string>;
}

const plain = (address: string): string => {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  return mapped ?? address;
};

/**
 * The enabled SIP trunks as inbound calls see them. A request is from a trunk when its source
 * address is one of the trunk's `inboundAddresses` (IP authentication), or one of the resolved
 * addresses of a trunk the runtime is registered with; anyone else is a stranger (403, or dropped
 * by the transport before parsing). Among the trunks a source belongs to, the one that owns the
 * dialled number takes the call (a trunk without numbers takes any); none: 404.
 */
export class TrunkDirectory {
  private entries: Entry[] = [];

  /** Replaces the trunks (the enabled sip_trunk channels), keeping what registrations proved. */
  set(channels: readonly SipTrunkChannel[]): void {
    const previous = new Map(this.entries.map((entry) => [entry.channel.id, entry.registered]));
    this.entries = channels.map((channel) => ({
      channel,
      inbound: new AddressMatch(channel.settings.inboundAddresses ?? []),
      registered: previous.get(channel.id) ?? new Set(),
      numbers: new Set(channel.settings.numbers ?? []),
    }));
  }

  get channels(): SipTrunkChannel[] {
    return this.entries.map((entry) => entry.channel);
  }

  get(channelId: string): SipTrunkChannel | undefined {
    return this.entries.find((entry) => entry.channel.id === channelId)?.channel;
  }

  /** A registration succeeded (`addresses`: where its registrar and proxy resolve) or ended (empty). */
  setRegisteredAddresses(channelId: string, addresses: readonly string[]): void {
    const entry = this.entries.find((candidate) => candidate.channel.id === channelId);
    if (entry !== undefined) entry.registered = new Set(addresses.filter((address) => isIP(address) !== 0).map(plain));
  }

  /** Whether any trunk trusts this source address (the transport's cheap admission check). */
  knows(address: string): boolean {
    return this.entries.some((entry) => this.trusts(entry, address));
  }

  /** The trunk an INVITE from `address` for `number` (the dialled user part) belongs to. */
  route(address: string, number: string | undefined): InboundRoute {
    const trusted = this.entries.filter((entry) => this.trusts(entry, address));
    if (trusted.length === 0) return { ok: false, status: 403, reason: "Forbidden" };
    const owner = number === undefined ? undefined : trusted.find((entry) => entry.numbers.has(number));
    const catchAll = trusted.find((entry) => entry.numbers.size === 0);
    const entry = owner ?? catchAll;
    if (entry === undefined) return { ok: false, status: 404, reason: "Not Found" };
    return { ok: true, channel: entry.channel };
  }

  private trusts(entry: Entry, address: string): boolean {
    return entry.inbound.has(address) || entry.registered.has(plain(address));
  }
}
