import { channelFamily, channelLabel } from "./channel-label";

/** A message's or participant's channel: Web chat, SMS, WhatsApp, Telegram, Voice, Console, System. */
export function ChannelBadge({ channel }: { channel: string }) {
  return <span className={`channel-badge channel-${channelFamily(channel)}`}>{channelLabel(channel)}</span>;
}
