import { useId } from "react";

/** One choice of a `ChoiceField`: its value, its name, and a line on what it does. */
export interface Choice<Value extends string> {
  value: Value;
  label: string;
  help: string;
}

/** A group of radio buttons under a legend, each with its line of explanation (`aria-describedby`), and the problem under the group. */
export function ChoiceField<Value extends string>({ label, choices, value, error, onChange }: { label: string; choices: readonly Choice<Value>[]; value: Value; error?: string | undefined; onChange: (value: Value) => void }) {
  const id = useId();
  return (
    <fieldset className={error ? "channel-field channel-choices channel-field-invalid" : "channel-field channel-choices"}>
      <legend className="channel-field-label">{label}</legend>
      {choices.map((choice) => (
        <div key={choice.value} className="channel-choice">
          <label className="checkbox">
            <input type="radio" name={id} value={choice.value} checked={value === choice.value} aria-describedby={`${id}-${choice.value}`} onChange={() => onChange(choice.value)} />
            {choice.label}
          </label>
          <p id={`${id}-${choice.value}`} className="channel-field-help muted small">
            {choice.help}
          </p>
        </div>
      ))}
      {error && <p className="channel-field-error">{error}</p>}
    </fieldset>
  );
}
