/**
 * Channel types whose calls run on the media plane: their agents talk to callers through the
 * console's softphone (the router offers them only to agents whose softphone is connected). Kept
 * apart from the media services so the agent console can import it.
 */
export const MEDIA_CHANNEL_TYPES: ReadonlySet<string> = new Set(["webvoice", "sip_trunk"]);

/** Whether a conversation's channel type is a call on the media plane. */
export const isMediaChannel = (channelType: string): boolean => MEDIA_CHANNEL_TYPES.has(channelType);
