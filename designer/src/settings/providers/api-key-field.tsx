import { useId } from "react";

/**
 * A provider's API key, which the server stores sealed and never sends back. `value` is what the
 * form will send: a new key (string), `undefined` to keep the stored one, `null` to remove it.
 */
export function ApiKeyField({ value, stored, required, onChange }: { value: string | null | undefined; stored: boolean; required?: boolean; onChange: (value: string | null | undefined) => void }) {
  const id = useId();
  const keeping = stored && value === undefined;
  const removing = stored && value === null;
  return (
    <div className="form-field">
      <label htmlFor={id}>API key</label>
      {keeping || removing ? (
        <div className="input-row">
          <input id={id} readOnly value={removing ? "(will be removed)" : "A key is stored (never shown)"} className="secret-masked" />
          <button type="button" className="button" onClick={() => onChange("")}>
            Replace
          </button>
          {keeping && !required && (
            <button type="button" className="button button-quiet button-danger" onClick={() => onChange(null)}>
              Remove
            </button>
          )}
          {removing && (
            <button type="button" className="button button-quiet" onClick={() => onChange(undefined)}>
              Keep stored
            </button>
          )}
        </div>
      ) : (
        <div className="input-row">
          <input
            id={id}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={value ?? ""}
            required={required === true && !stored}
            onChange={(event) => onChange(event.target.value)}
            placeholder={stored ? "Enter the new key" : required ? "Required" : "None (e.g. a local Ollama)"}
          />
          {stored && (
            <button type="button" className="button button-quiet" onClick={() => onChange(undefined)}>
              Keep stored
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/** The key as the API wants it: "" typed means none given (keep the stored key, or none for a new provider). */
export const apiKeyToSend = (value: string | null | undefined): string | null | undefined => (value === "" ? undefined : value);
