import { useCallback, useEffect, useState } from "react";
import { type FlowSummary, flowsApi } from "../../flows/flows-api";
import { Link } from "../../router/link";
import { navigate } from "../../router/router";
import { toast, toastError } from "../../ui/toasts";
import { SettingsLayout } from "../settings-layout";
import "./channels.css";
import { ChannelStatusBadge } from "./channel-status-badge";
import { type ChannelView, channelsApi } from "./channels-api";
import { EnabledSwitch } from "./enabled-switch";
import { ProviderBadge } from "./provider-badge";

/** /settings/channels: every channel with its provider, flow, status and on/off switch. */
export function ChannelsSection({ path }: { path: string }) {
  const [channels, setChannels] = useState<ChannelView[] | undefined>();
  const [flows, setFlows] = useState<Map<string, FlowSummary>>(new Map());

  const reload = useCallback(() => {
    channelsApi.list().then(setChannels, toastError);
    flowsApi.list().then((list) => setFlows(new Map(list.map((flow) => [flow.id, flow]))), toastError);
  }, []);
  useEffect(reload, [reload]);

  const setEnabled = async (channel: ChannelView, enabled: boolean) => {
    try {
      await channelsApi.update(channel.id, { enabled });
      toast.success(enabled ? `Enabled “${channel.name}”` : `Disabled “${channel.name}”: its conversations are refused`);
    } catch (error) {
      toastError(error);
    }
    reload();
  };

  return (
    <SettingsLayout
      path={path}
      actions={
        <button type="button" className="button button-primary" onClick={() => navigate("/settings/channels/new")}>
          Add channel
        </button>
      }
    >
      {channels === undefined ? (
        <p className="muted" aria-busy="true">
          Loading channels…
        </p>
      ) : channels.length === 0 ? (
        <div className="empty-state">
          <h2>No channels yet</h2>
          <p className="muted">A channel connects a phone number, a WhatsApp number, a Telegram bot or your website's chat to a flow.</p>
          <button type="button" className="button button-primary" onClick={() => navigate("/settings/channels/new")}>
            Add channel
          </button>
        </div>
      ) : (
        <table className="table" aria-label="Channels">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Flow</th>
              <th scope="col">Status</th>
              <th scope="col">Enabled</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {channels.map((channel) => {
              const flow = flows.get(channel.flowId);
              const href = `/settings/channels/${encodeURIComponent(channel.id)}`;
              return (
                <tr key={channel.id}>
                  <td>
                    <Link href={href} className="strong">
                      {channel.name}
                    </Link>
                    {typeof channel.settings.phoneNumber === "string" && <div className="muted small">{channel.settings.phoneNumber}</div>}
                  </td>
                  <td>
                    <ProviderBadge type={channel.type} />
                  </td>
                  <td>
                    {flow ? <Link href={`/designer/flows/${encodeURIComponent(flow.id)}`}>{flow.name}</Link> : <code>{channel.flowId}</code>}
                    {flow?.publishedVersion === null && (
                      <div>
                        <span className="badge badge-warning">Not published</span>
                      </div>
                    )}
                  </td>
                  <td className="channel-status-cell">
                    <ChannelStatusBadge status={channel.status} />
                    {channel.statusMessage && <div className={channel.status === "error" ? "small status-error" : "muted small"}>{channel.statusMessage}</div>}
                  </td>
                  <td>
                    <EnabledSwitch checked={channel.enabled} label={`Enabled: ${channel.name}`} onChange={(enabled) => setEnabled(channel, enabled)} />
                  </td>
                  <td className="row-actions">
                    <Link href={href} className="button button-quiet">
                      Edit
                    </Link>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </SettingsLayout>
  );
}
