import type { SessionState } from "../engine/index";

/** How channels are named to agents when a customer has no name or number. */
const CHANNEL_WORDS: Record<string, string> = { webchat: "Web chat visitor", webvoice: "Web caller", telegram: "Telegram user", whatsapp_cloud: "WhatsApp user" };

/**
 * What agents call a customer in offers, subjects and the room: their name, else their number,
 * else "<channel> visitor <first 6 characters of their address>" for addresses that mean nothing
 * to a person (a web chat visitor id is a UUID), else the address.
 */
export function customerName(state: SessionState, address: string | null): string | null {
  if (state.caller.name !== undefined && state.caller.name !== "") return state.caller.name;
  if (state.caller.phone !== undefined && state.caller.phone !== "") return state.caller.phone;
  return addressName(state.channel.type, address);
}

/**
 * An address as agents see it: "<channel> visitor <first 6 characters>" for channels whose
 * addresses mean nothing to a person (a web visitor id), else the address itself (a number).
 */
export function addressName(channelType: string, address: string | null): string | null {
  const words = CHANNEL_WORDS[channelType];
  if (words !== undefined && address !== null) return `${words} ${address.replace(/[^a-z0-9]/gi, "").slice(0, 6)}`;
  return address;
}
