import { useId } from "react";
import type { SettingField } from "./channel-providers";
import { sentence } from "./form-field";

type OrderSetting = Extract<SettingField, { kind: "order" }>;

/**
 * Some of a setting's options in order of preference (a trunk's codecs): a checkbox takes each in
 * or out, Move up / Move down change the order of those in (the first cannot go up: `aria-disabled`,
 * so the focus stays on the button that moved). The ones left out follow, greyed.
 */
export function OrderField({ field, value, error, onChange }: { field: OrderSetting; value: readonly string[]; error: string | undefined; onChange: (values: string[]) => void }) {
  const id = useId();
  const chosen = value.filter((item) => field.options.some((option) => option.value === item));
  const rest = field.options.filter((option) => !chosen.includes(option.value));
  const labelOf = (item: string) => field.options.find((option) => option.value === item)?.label ?? item;
  const move = (index: number, by: number) => {
    const next = [...chosen];
    const [item] = next.splice(index, 1);
    if (item === undefined) return;
    next.splice(index + by, 0, item);
    onChange(next);
  };
  return (
    <fieldset className={error ? "channel-field channel-order channel-field-invalid" : "channel-field channel-order"} aria-describedby={`${id}-help${error ? ` ${id}-error` : ""}`}>
      <legend className="channel-field-label">{field.label}</legend>
      <ol className="channel-order-list">
        {chosen.map((item, index) => (
          <li key={item} className="channel-order-item">
            <label className="checkbox">
              <input type="checkbox" checked onChange={() => onChange(chosen.filter((other) => other !== item))} />
              <span>
                {index + 1}. {labelOf(item)}
              </span>
            </label>
            <span className="channel-order-moves">
              <button type="button" className="button" aria-label={`Move ${item} up`} aria-disabled={index === 0} onClick={() => index > 0 && move(index, -1)}>
                ↑
              </button>
              <button type="button" className="button" aria-label={`Move ${item} down`} aria-disabled={index === chosen.length - 1} onClick={() => index < chosen.length - 1 && move(index, 1)}>
                ↓
              </button>
            </span>
          </li>
        ))}
        {rest.map((option) => (
          <li key={option.value} className="channel-order-item channel-order-off">
            <label className="checkbox">
              <input type="checkbox" checked={false} onChange={() => onChange([...chosen, option.value])} />
              <span>{option.label} (not offered)</span>
            </label>
          </li>
        ))}
      </ol>
      {error && (
        <p id={`${id}-error`} className="channel-field-error">
          {sentence(error)}
        </p>
      )}
      <p id={`${id}-help`} className="channel-field-help muted small">
        {field.help}
      </p>
    </fieldset>
  );
}
