import { useId } from "react";
import type { FlowSummary } from "../../flows/flows-api";
import type { SettingField } from "./channel-providers";
import { FormField } from "./form-field";

/**
 * WhatsApp calling: "Take WhatsApp calls" and, when ticked, the flow that answers them, chosen
 * among the published flows (the list the channel's own Flow select shows). `error` is the
 * problem of `settings.calling.flowId` (none chosen, or the API's "does not exist").
 */
export function CallingField({
  field,
  flows,
  enabled,
  flowId,
  error,
  onChange,
}: {
  field: Extract<SettingField, { kind: "calling" }>;
  flows: FlowSummary[] | undefined;
  enabled: boolean;
  flowId: string;
  error: string | undefined;
  onChange: (calling: { enabled: boolean; flowId: string }) => void;
}) {
  const id = useId();
  // A stored flow unpublished (or deleted) since stays selectable, so the form shows what is stored.
  const choices = flows?.filter((flow) => flow.publishedVersion !== null || flow.id === flowId) ?? [];
  const known = flowId === "" || flows === undefined || choices.some((flow) => flow.id === flowId);
  return (
    <>
      <div className="channel-field">
        <label className="checkbox">
          <input type="checkbox" checked={enabled} aria-describedby={`${id}-help`} onChange={(event) => onChange({ enabled: event.target.checked, flowId })} />
          {field.label}
        </label>
        <p id={`${id}-help`} className="channel-field-help muted small">
          {field.help}
        </p>
      </div>
      {enabled && (
        <FormField label={field.flowLabel} help={field.flowHelp} error={error}>
          {(props) => (
            <select {...props} value={flowId} disabled={flows === undefined} onChange={(event) => onChange({ enabled, flowId: event.target.value })}>
              <option value="">{flows === undefined ? "Loading flows…" : "Choose a flow…"}</option>
              {!known && <option value={flowId}>{flowId} (not found)</option>}
              {choices.map((flow) => (
                <option key={flow.id} value={flow.id}>
                  {flow.name}
                  {flow.publishedVersion === null ? " (not published)" : ` (v${flow.publishedVersion})`}
                </option>
              ))}
            </select>
          )}
        </FormField>
      )}
    </>
  );
}
