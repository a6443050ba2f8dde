import { useEffect, useState } from "react";
import { type FlowSummary, flowsApi } from "../../flows/flows-api";
import { Link } from "../../router/link";
import { navigate } from "../../router/router";
import { toast, toastError } from "../../ui/toasts";
import { SettingsLayout } from "../settings-layout";
import { SettingsList } from "../settings-list";
import { useSettingsRows } from "../use-settings-rows";
import "./channels.css";
import { ChannelStatusBadge } from "./channel-status-badge";
import { type ChannelView, channelsApi } from "./channels-api";
import { EnabledSwitch } from "./enabled-switch";
import { ProviderBadge } from "./provider-badge";

const hrefOf = (channel: ChannelView) => `/settings/channels/${encodeURIComponent(channel.id)}`;

/** /settings/channels: every channel with its provider, flow, status and on/off switch. */
export function ChannelsSection({ path }: { path: string }) {
  const channels = useSettingsRows(channelsApi.list);
  const [flows, setFlows] = useState<Map<string, FlowSummary>>(new Map());
  useEffect(() => {
    flowsApi.list().then((list) => setFlows(new Map(list.map((flow) => [flow.id, flow]))), toastError);
  }, []);

  const setEnabled = async (channel: ChannelView, enabled: boolean) => {
    try {
      await channelsApi.update(channel.id, { enabled });
      toast.success(enabled ? `Enabled “${channel.name}”` : `Disabled “${channel.name}”: its conversations are refused`);
    } catch (error) {
      toastError(error);
    }
    channels.reload();
  };

  const addButton = (
    <button type="button" className="button button-primary" onClick={() => navigate("/settings/channels/new")}>
      Add channel
    </button>
  );
  return (
    <SettingsLayout path={path} actions={addButton}>
      <SettingsList
        label="Channels"
        list={channels}
        loading="Loading channels…"
        empty={{ title: "No channels yet", text: "A channel connects a phone number, a SIP trunk, a WhatsApp number, a Telegram bot or your website's chat to a flow.", action: addButton }}
        columns={[
          {
            header: "Name",
            cell: (channel) => (
              <>
                <Link href={hrefOf(channel)} className="strong">{channel.name}</Link>
                {typeof channel.settings.phoneNumber === "string" && <div className="muted small">{channel.settings.phoneNumber}</div>}
                {Array.isArray(channel.settings.numbers) && channel.settings.numbers.length > 0 && <div className="muted small">{channel.settings.numbers.filter((number) => typeof number === "string").join(", ")}</div>}
              </>
            ),
          },
          { header: "Type", cell: (channel) => <ProviderBadge type={channel.type} /> },
          {
            header: "Flow",
            cell: (channel) => {
              const flow = flows.get(channel.flowId);
              return (
                <>
                  {flow ? <Link href={`/designer/flows/${encodeURIComponent(flow.id)}`}>{flow.name}</Link> : <code>{channel.flowId}</code>}
                  {flow?.publishedVersion === null && <div><span className="badge badge-warning">Not published</span></div>}
                </>
              );
            },
          },
          {
            header: "Status",
            className: "channel-status-cell",
            cell: (channel) => (
              <>
                <ChannelStatusBadge status={channel.status} />
                {channel.statusMessage && <div className={channel.status === "error" ? "small status-error" : "muted small"}>{channel.statusMessage}</div>}
              </>
            ),
          },
          { header: "Enabled", cell: (channel) => <EnabledSwitch checked={channel.enabled} label={`Enabled: ${channel.name}`} onChange={(enabled) => setEnabled(channel, enabled)} /> },
        ]}
        actions={(channel) => <Link href={hrefOf(channel)} className="button button-quiet">Edit</Link>}
      />
    </SettingsLayout>
  );
}
