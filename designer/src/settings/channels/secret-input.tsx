import { MASK } from "../../../../runtime/channels/mask-credentials";

/**
 * A secret credential. A stored one arrives masked (`••••••1234`) and stays read-only until
 * "Replace": sent back masked, the API keeps the stored secret, so a half-edited mask can never
 * be saved by mistake. "Keep stored" puts the mask back.
 */
export function SecretInput({
  value,
  stored,
  onChange,
  generate,
  ...field
}: {
  value: string;
  /** The masked value the API answered (edit form); undefined for a new channel. */
  stored: string | undefined;
  onChange: (value: string) => void;
  generate: (() => string) | undefined;
  id: string;
  "aria-describedby": string;
  "aria-invalid": boolean;
}) {
  const masked = value.startsWith(MASK);
  return (
    <div className="input-row">
      {masked ? (
        <input {...field} readOnly value={value} className="secret-masked" title="Stored secret (only its last characters are shown)" />
      ) : (
        <input
          {...field}
          type={generate ? "text" : "password"}
          autoComplete="off"
          spellCheck={false}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          placeholder={stored ? "Enter the new value" : undefined}
        />
      )}
      {masked && (
        <button type="button" className="button" onClick={() => onChange("")}>
          Replace
        </button>
      )}
      {!masked && generate && (
        <button type="button" className="button" onClick={() => onChange(generate())}>
          Generate
        </button>
      )}
      {!masked && stored?.startsWith(MASK) && (
        <button type="button" className="button button-quiet" onClick={() => onChange(stored)}>
          Keep stored
        </button>
      )}
    </div>
  );
}
