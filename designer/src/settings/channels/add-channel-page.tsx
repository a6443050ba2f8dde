import { useEffect, useState } from "react";
import type { ChannelType } from "../../../../runtime/channels/channel-config";
import { type FlowSummary, flowsApi } from "../../flows/flows-api";
import { Link } from "../../router/link";
import { navigate } from "../../router/router";
import { toast, toastError } from "../../ui/toasts";
import { SettingsLayout } from "../settings-layout";
import "./channels.css";
import { type ChannelDraft, inputOf, newDraft } from "./channel-draft";
import { ChannelConnect } from "./channel-connect";
import { ChannelFields } from "./channel-fields";
import { providerOf } from "./channel-providers";
import { ChannelStatusPanel } from "./channel-status-panel";
import { clearEdited, type FieldErrors, placedFields, serverErrors, unplacedErrors, validateDraft } from "./channel-validation";
import { type ChannelView, channelsApi } from "./channels-api";
import { FlowField } from "./flow-field";
import { ProviderBadge } from "./provider-badge";
import { ProviderPicker } from "./provider-picker";
import { WizardSteps } from "./wizard-steps";

const PROVIDER = 0;
const CREDENTIALS = 1;
const FLOW = 2;
const CONNECT = 3;

/** /settings/channels/new: provider → credentials → flow → the URLs to paste at the provider. */
export function AddChannelPage({ path }: { path: string }) {
  const [step, setStep] = useState(PROVIDER);
  const [draft, setDraft] = useState<ChannelDraft | undefined>();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | undefined>();
  const [flows, setFlows] = useState<FlowSummary[] | undefined>();
  const [created, setCreated] = useState<ChannelView | undefined>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    flowsApi.list().then(setFlows, toastError);
  }, []);

  const pick = (type: ChannelType) => {
    if (draft?.type !== type) setDraft(newDraft(type));
    setErrors({});
    setFormError(undefined);
    setStep(CREDENTIALS);
  };

  const change = (next: ChannelDraft) => {
    if (draft) setErrors(clearEdited(errors, draft, next));
    setDraft(next);
  };

  const toFlow = () => {
    if (!draft) return;
    const problems = validateDraft(draft);
    setErrors(problems);
    if (Object.keys(problems).length === 0) setStep(FLOW);
  };

  const create = async () => {
    if (!draft) return;
    if (draft.flowId === "") {
      setErrors({ flowId: "choose the flow this channel runs" });
      return;
    }
    setBusy(true);
    setFormError(undefined);
    try {
      const channel = await channelsApi.create(inputOf(draft));
      setCreated(channel);
      setStep(CONNECT);
      toast.success(`Created “${channel.name}”`);
    } catch (error) {
      const { fields, message } = serverErrors(error);
      setErrors(fields);
      const leftover = unplacedErrors(fields, placedFields(draft.type));
      setFormError(message ?? (leftover.length > 0 ? leftover.join("; ") : undefined));
      if (Object.keys(fields).some((field) => field !== "flowId")) setStep(CREDENTIALS);
    } finally {
      setBusy(false);
    }
  };

  const provider = draft ? providerOf(draft.type) : undefined;
  return (
    <SettingsLayout path={path}>
      <div className="wizard">
        <div className="wizard-header">
          <div>
            <Link href="/settings/channels" className="small">
              ← Channels
            </Link>
            <h2>Add channel</h2>
          </div>
          <WizardSteps current={step} />
        </div>

        {step === PROVIDER && (
          <section className="settings-card wizard-card" aria-label="Choose the provider">
            <h3>Which provider should reach your flow?</h3>
            <ProviderPicker onPick={pick} />
          </section>
        )}

        {step === CREDENTIALS && draft && provider && (
          <form
            className="settings-card wizard-card"
            aria-label="Credentials"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              toFlow();
            }}
          >
            <div className="wizard-card-title">
              <ProviderBadge type={draft.type} />
              <h3>Credentials</h3>
            </div>
            <p className="muted">{provider.needs}</p>
            <ChannelFields draft={draft} errors={errors} flows={flows} onChange={change} />
            {formError && step === CREDENTIALS && (
              <p className="form-error" role="alert">
                {formError}
              </p>
            )}
            <div className="wizard-actions">
              <button type="button" className="button" onClick={() => setStep(PROVIDER)}>
                Back
              </button>
              <button type="submit" className="button button-primary">
                Next: the flow
              </button>
            </div>
          </form>
        )}

        {step === FLOW && draft && (
          <form
            className="settings-card wizard-card"
            aria-label="The flow it runs"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void create();
            }}
          >
            <div className="wizard-card-title">
              <ProviderBadge type={draft.type} />
              <h3>The flow it runs</h3>
            </div>
            <FlowField
              flows={flows}
              value={draft.flowId}
              error={errors.flowId}
              onChange={(flowId) => change({ ...draft, flowId })}
            />
            {formError && (
              <p className="form-error" role="alert">
                {formError}
              </p>
            )}
            <div className="wizard-actions">
              <button type="button" className="button" onClick={() => setStep(CREDENTIALS)}>
                Back
              </button>
              <button type="submit" className="button button-primary" disabled={busy}>
                {busy ? "Creating…" : "Create channel"}
              </button>
            </div>
          </form>
        )}

        {step === CONNECT && created && (
          <section className="settings-card wizard-card" aria-label="Connect">
            <div className="wizard-card-title">
              <ProviderBadge type={created.type} />
              <h3>“{created.name}” is saved: now connect {providerOf(created.type).label}</h3>
            </div>
            <ChannelStatusPanel channel={created} onChannel={setCreated} />
            <ChannelConnect channel={created} verifyToken={draft?.credentials.verifyToken} onChannel={setCreated} />
            <div className="wizard-actions">
              <button type="button" className="button" onClick={() => navigate(`/settings/channels/${encodeURIComponent(created.id)}`)}>
                Open the channel
              </button>
              <button type="button" className="button button-primary" onClick={() => navigate("/settings/channels")}>
                Done
              </button>
            </div>
          </section>
        )}
      </div>
    </SettingsLayout>
  );
}
