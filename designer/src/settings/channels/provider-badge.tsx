import type { ChannelType } from "../../../../runtime/channels/channel-config";
import { providerOf } from "./channel-providers";

/** Simple line glyphs (not the providers' logos): a handset, a speech bubble, a paper plane, a chat window. */
const GLYPHS: Record<ChannelType, string> = {
  twilio_voice:
    "M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z",
  twilio_messaging: "M4 4h16a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H8l-4 4V5a1 1 0 0 1 1-1zm3 5h10M7 12h7",
  whatsapp_cloud: "M12 3a9 9 0 0 0-7.8 13.5L3 21l4.6-1.2A9 9 0 1 0 12 3zm-3 5.5c.5 2.8 2.7 5 5.5 5.5l1-1.3 2 .9c-.3 1.3-1.3 2-2.5 1.9A8 8 0 0 1 8 8.5C7.9 7.3 8.6 6.3 9.9 6l.9 2z",
  telegram: "M21 4 3 11l6 2 2 6 3-4 5 4 2-15zM9 13l9-6-7 8",
  webchat: "M3 5a1 1 0 0 1 1-1h16a1 1 0 0 1 1 1v14a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1zm0 4h18M7 13h6m-6 3h9",
  webvoice: "M12 3a3 3 0 0 1 3 3v5a3 3 0 0 1-6 0V6a3 3 0 0 1 3-3zM5 11a7 7 0 0 0 14 0M12 18v3m-4 0h8",
  sip_trunk: "M4 7h16M4 12h16M4 17h16M8 4v16M16 4v16",
};

/** The provider's glyph on its colour: how a channel's type is recognised at a glance. */
export function ProviderIcon({ type, size = 28 }: { type: ChannelType; size?: number }) {
  return (
    <span className={`provider-icon provider-${type}`} style={{ width: size, height: size }} aria-hidden="true">
      <svg viewBox="0 0 24 24" width={size * 0.6} height={size * 0.6} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
        <path d={GLYPHS[type]} />
      </svg>
    </span>
  );
}

/** Icon and name of the channel's provider. */
export function ProviderBadge({ type }: { type: ChannelType }) {
  return (
    <span className="provider-badge">
      <ProviderIcon type={type} size={22} />
      {providerOf(type).label}
    </span>
  );
}
