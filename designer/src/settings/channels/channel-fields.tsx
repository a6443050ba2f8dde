import { useId } from "react";
import type { FlowSummary } from "../../flows/flows-api";
import { CallingField } from "./calling-field";
import { type ChannelDraft, orderOf } from "./channel-draft";
import { providerOf } from "./channel-providers";
import type { FieldErrors } from "./channel-validation";
import { ChoiceField } from "./choice-field";
import { FormField, sentence } from "./form-field";
import { generateSecret } from "./generate-secret";
import { OrderField } from "./order-field";
import { SecretInput } from "./secret-input";

/**
 * The channel's name, its provider's credentials (with where to find each) and settings. In the
 * edit form `stored` holds the masked credentials the API answered; `flows` are the flows a
 * setting may name (WhatsApp's flow for calls).
 */
export function ChannelFields({
  draft,
  errors,
  onChange,
  stored,
  flows,
}: {
  draft: ChannelDraft;
  errors: FieldErrors;
  onChange: (draft: ChannelDraft) => void;
  stored?: Record<string, string>;
  flows: FlowSummary[] | undefined;
}) {
  const provider = providerOf(draft.type);
  const id = useId();
  const setCredential = (key: string, value: string) => onChange({ ...draft, credentials: { ...draft.credentials, [key]: value } });
  const setText = (key: string, value: string) => onChange({ ...draft, text: { ...draft.text, [key]: value } });

  return (
    <div className="channel-fields">
      <FormField label="Name" help="How this channel appears in the list and the call logs." error={errors.name}>
        {(field) => <input {...field} required maxLength={100} value={draft.name} onChange={(event) => onChange({ ...draft, name: event.target.value })} />}
      </FormField>

      {provider.credentials.map((credential) => (
        <FormField key={credential.key} label={credential.label} help={credential.help} error={errors[`credentials.${credential.key}`]}>
          {(field) =>
            credential.secret ? (
              <SecretInput
                {...field}
                value={draft.credentials[credential.key] ?? ""}
                stored={stored?.[credential.key]}
                generate={credential.generate ? () => generateSecret() : undefined}
                onChange={(value) => setCredential(credential.key, value)}
              />
            ) : (
              <input
                {...field}
                spellCheck={false}
                autoComplete="off"
                placeholder={credential.placeholder}
                value={draft.credentials[credential.key] ?? ""}
                onChange={(event) => setCredential(credential.key, event.target.value)}
              />
            )
          }
        </FormField>
      ))}

      {provider.settings.map((setting) => {
        const error = errors[`settings.${setting.key}`];
        if (setting.kind === "calling")
          return (
            <CallingField
              key={setting.key}
              field={setting}
              flows={flows}
              enabled={draft.flags[setting.key] === true}
              flowId={draft.text[setting.key] ?? ""}
              error={errors[`settings.${setting.key}.flowId`] ?? error}
              onChange={(calling) => onChange({ ...draft, flags: { ...draft.flags, [setting.key]: calling.enabled }, text: { ...draft.text, [setting.key]: calling.flowId } })}
            />
          );
        if (setting.kind === "choice")
          return (
            <ChoiceField
              key={setting.key}
              label={setting.label}
              choices={setting.choices}
              value={setting.choices.find((choice) => choice.value === draft.text[setting.key])?.value ?? setting.default}
              error={error}
              onChange={(value) => setText(setting.key, value)}
            />
          );
        if (setting.kind === "checkbox")
          return (
            <div key={setting.key} className={error ? "channel-field channel-field-invalid" : "channel-field"}>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={draft.flags[setting.key] === true}
                  aria-invalid={error !== undefined}
                  aria-describedby={`${id}-${setting.key}-help${error ? ` ${id}-${setting.key}-error` : ""}`}
                  onChange={(event) => onChange({ ...draft, flags: { ...draft.flags, [setting.key]: event.target.checked } })}
                />
                {setting.label}
              </label>
              {error && (
                <p id={`${id}-${setting.key}-error`} className="channel-field-error">
                  {sentence(error)}
                </p>
              )}
              <p id={`${id}-${setting.key}-help`} className="channel-field-help muted small">
                {setting.help}
              </p>
            </div>
          );
        if (setting.kind === "order")
          return <OrderField key={setting.key} field={setting} value={orderOf(draft, setting)} error={error} onChange={(values) => setText(setting.key, values.join(","))} />;
        return (
          <FormField key={setting.key} label={setting.label} help={setting.help} error={error}>
            {(field) =>
              setting.kind === "lines" ? (
                <textarea {...field} className="origins-input" rows={3} placeholder={setting.placeholder} value={draft.text[setting.key] ?? ""} onChange={(event) => setText(setting.key, event.target.value)} />
              ) : setting.kind === "select" ? (
                <select {...field} value={draft.text[setting.key] ?? setting.default} onChange={(event) => setText(setting.key, event.target.value)}>
                  {setting.options.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </select>
              ) : (
                <input {...field} spellCheck={false} placeholder={setting.placeholder} value={draft.text[setting.key] ?? ""} onChange={(event) => setText(setting.key, event.target.value)} />
              )
            }
          </FormField>
        );
      })}
    </div>
  );
}
