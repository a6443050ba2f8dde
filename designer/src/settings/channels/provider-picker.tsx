import type { ChannelType } from "../../../../runtime/channels/channel-config";
import { PROVIDERS } from "./channel-providers";
import { ProviderIcon } from "./provider-badge";

/** Step 1: one card per provider, saying what it connects and what you need at hand. */
export function ProviderPicker({ onPick }: { onPick: (type: ChannelType) => void }) {
  return (
    <ul className="provider-grid" aria-label="Providers">
      {PROVIDERS.map((provider) => (
        <li key={provider.type}>
          <button type="button" className="provider-card" onClick={() => onPick(provider.type)} aria-label={provider.label} aria-describedby={`provider-${provider.type}-needs`}>
            <ProviderIcon type={provider.type} size={36} />
            <span className="provider-card-text">
              <span className="provider-card-title">{provider.label}</span>
              <span className="provider-card-summary">{provider.summary}</span>
              <span className="muted small" id={`provider-${provider.type}-needs`}>
                You need: {provider.needs}
              </span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
