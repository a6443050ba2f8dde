import { useEffect, useState } from "react";
import { ApiRequestError } from "../../api/api-client";
import { type FlowSummary, flowsApi } from "../../flows/flows-api";
import { Link } from "../../router/link";
import { navigate } from "../../router/router";
import { ConfirmDialog } from "../../ui/confirm-dialog";
import { toast, toastError } from "../../ui/toasts";
import { SettingsDate } from "../settings-date";
import { SettingsLayout } from "../settings-layout";
import "./channels.css";
import { type ChannelDraft, credentialsOf, draftOf, settingsOf } from "./channel-draft";
import { ChannelConnect } from "./channel-connect";
import { ChannelFields } from "./channel-fields";
import { ChannelStatusPanel } from "./channel-status-panel";
import { clearEdited, type FieldErrors, placedFields, serverErrors, unplacedErrors, validateDraft } from "./channel-validation";
import { type ChannelView, channelsApi } from "./channels-api";
import { EnabledSwitch } from "./enabled-switch";
import { FlowField } from "./flow-field";
import { ProviderBadge } from "./provider-badge";

/** /settings/channels/:id: status and Check, what to paste at the provider, the settings (secrets masked), on/off, delete. */
export function ChannelDetailPage({ path, channelId }: { path: string; channelId: string }) {
  const [channel, setChannel] = useState<ChannelView | undefined>();
  const [missing, setMissing] = useState(false);
  const [draft, setDraft] = useState<ChannelDraft | undefined>();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | undefined>();
  const [flows, setFlows] = useState<FlowSummary[] | undefined>();
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState(false);

  useEffect(() => {
    channelsApi.get(channelId).then(
      (loaded) => {
        setChannel(loaded);
        setDraft(draftOf(loaded));
      },
      (error) => (error instanceof ApiRequestError && error.status === 404 ? setMissing(true) : toastError(error)),
    );
    flowsApi.list().then(setFlows, toastError);
  }, [channelId]);

  const change = (next: ChannelDraft) => {
    if (draft) setErrors(clearEdited(errors, draft, next));
    setDraft(next);
  };

  /** A new answer from the server (check, webhook registration): the status changes, the form keeps what is typed. */
  const refreshed = (updated: ChannelView) => setChannel(updated);

  const save = async () => {
    if (!draft || !channel) return;
    const problems = validateDraft(draft);
    setErrors(problems);
    setFormError(undefined);
    if (Object.keys(problems).length > 0) return;
    setSaving(true);
    try {
      const updated = await channelsApi.update(channel.id, { name: draft.name.trim(), flowId: draft.flowId, credentials: credentialsOf(draft), settings: settingsOf(draft) });
      setChannel(updated);
      setDraft(draftOf(updated));
      toast.success(`Saved “${updated.name}”`);
    } catch (error) {
      const { fields, message } = serverErrors(error);
      setErrors(fields);
      const leftover = unplacedErrors(fields, placedFields(channel.type));
      setFormError(message ?? (leftover.length > 0 ? leftover.join("; ") : undefined));
    } finally {
      setSaving(false);
    }
  };

  const setEnabled = async (enabled: boolean) => {
    if (!channel) return;
    try {
      setChannel(await channelsApi.update(channel.id, { enabled }));
      toast.success(enabled ? `Enabled “${channel.name}”` : `Disabled “${channel.name}”: its conversations are refused`);
    } catch (error) {
      toastError(error);
    }
  };

  if (missing)
    return (
      <SettingsLayout path={path}>
        <div className="empty-state">
          <h2>No such channel</h2>
          <p className="muted">It may have been deleted.</p>
          <Link href="/settings/channels">Back to the channels</Link>
        </div>
      </SettingsLayout>
    );
  if (!channel || !draft)
    return (
      <SettingsLayout path={path}>
        <p className="muted" aria-busy="true">
          Loading the channel…
        </p>
      </SettingsLayout>
    );

  return (
    <SettingsLayout path={path}>
      <div className="channel-detail">
        <div className="channel-detail-header">
          <div>
            <Link href="/settings/channels" className="small">
              ← Channels
            </Link>
            <h2>{channel.name}</h2>
            <div className="channel-detail-meta">
              <ProviderBadge type={channel.type} />
              <span className="muted small">
                Created <SettingsDate iso={channel.createdAt} /> · id <code>{channel.id}</code>
              </span>
            </div>
          </div>
          <div className="channel-detail-actions">
            <span className="switch-field">
              <EnabledSwitch checked={channel.enabled} label="Enabled" onChange={setEnabled} />
              {channel.enabled ? "Enabled" : "Disabled"}
            </span>
            <button type="button" className="button button-danger" onClick={() => setDeleting(true)}>
              Delete
            </button>
          </div>
        </div>

        <div className="channel-detail-grid">
          <section className="settings-card" aria-label="Connection">
            <h3>Connection</h3>
            <ChannelStatusPanel channel={channel} onChannel={refreshed} />
            <ChannelConnect channel={channel} verifyToken={draft.credentials.verifyToken} onChannel={refreshed} />
          </section>

          <form
            className="settings-card"
            aria-label="Settings"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void save();
            }}
          >
            <h3>Settings</h3>
            <ChannelFields draft={draft} errors={errors} stored={channel.credentials} flows={flows} onChange={change} />
            <FlowField flows={flows} value={draft.flowId} error={errors.flowId} onChange={(flowId) => change({ ...draft, flowId })} />
            {formError && (
              <p className="form-error" role="alert">
                {formError}
              </p>
            )}
            <div className="wizard-actions">
              <button
                type="button"
                className="button"
                onClick={() => {
                  setDraft(draftOf(channel));
                  setErrors({});
                  setFormError(undefined);
                }}
              >
                Discard changes
              </button>
              <button type="submit" className="button button-primary" disabled={saving}>
                {saving ? "Saving…" : "Save changes"}
              </button>
            </div>
          </form>
        </div>
      </div>

      <ConfirmDialog
        title="Delete channel"
        action="Delete"
        open={deleting}
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          await channelsApi.remove(channel.id);
          toast.success(`Deleted “${channel.name}”`);
          navigate("/settings/channels");
        }}
      >
        <p>
          Delete <strong>{channel.name}</strong>? Its webhooks answer 404 from now on, so the provider can no longer reach your flow. Past conversations stay in the call logs. This cannot be undone.
        </p>
      </ConfirmDialog>
    </SettingsLayout>
  );
}
