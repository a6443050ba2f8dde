import { useState } from "react";
import { toast, toastError } from "../../ui/toasts";
import { type ChannelView, channelsApi } from "./channels-api";
import { ChannelStatusBadge, statusMeaning } from "./channel-status-badge";

/** The channel's status and what it means, with "Check" asking the provider's API whether the credentials work. */
export function ChannelStatusPanel({ channel, onChannel }: { channel: ChannelView; onChannel: (channel: ChannelView) => void }) {
  const [checking, setChecking] = useState(false);
  const check = async () => {
    setChecking(true);
    try {
      const checked = await channelsApi.check(channel.id);
      onChannel(checked);
      if (checked.status === "error") toast.error(`Check failed: ${checked.statusMessage ?? "the provider refused the credentials"}`);
      else toast.success(`Checked “${checked.name}”: the provider accepts its credentials`);
    } catch (error) {
      toastError(error);
    } finally {
      setChecking(false);
    }
  };
  return (
    <section className="channel-status-panel" aria-label="Status">
      <div className="channel-status-line">
        <span className="muted small">{channel.type === "sip_trunk" ? "Registration" : "Status"}</span>
        <ChannelStatusBadge status={channel.status} />
        <button type="button" className="button" onClick={check} disabled={checking} aria-busy={checking}>
          {checking ? "Checking…" : "Check"}
        </button>
      </div>
      <p className={channel.status === "error" ? "channel-status-message status-error" : "channel-status-message muted"} role={channel.status === "error" ? "alert" : undefined}>
        {channel.statusMessage ?? statusMeaning(channel.status, channel.type)}
      </p>
    </section>
  );
}
