import type { FieldErrors } from "./field-errors";
import { FieldProblems } from "./fields/field-problems";
import { removeItem, replaceItem } from "./fields/list-edits";

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Dates that are closed all day. */
export function HolidaysEditor({ holidays, errors, onChange }: { holidays: readonly string[]; errors: FieldErrors; onChange: (holidays: string[]) => void }) {
  return (
    <fieldset className="list-editor">
      <legend>Holidays</legend>
      {holidays.length === 0 && <p className="field-hint">No holidays.</p>}
      <ul className="list-rows">
        {holidays.map((date, index) => (
          <li key={index} className="kv-row">
            <input
              type="date"
              aria-label={`Holiday ${index + 1}`}
              value={date}
              aria-invalid={errors.at("holidays", index).length > 0}
              onChange={(event) => onChange(replaceItem(holidays, index, event.target.value))}
            />
            <button type="button" className="icon-button icon-button-danger" aria-label={`Remove holiday ${date}`} onClick={() => onChange(removeItem(holidays, index))}>
              ×
            </button>
            <FieldProblems errors={errors.at("holidays", index)} />
          </li>
        ))}
      </ul>
      <FieldProblems errors={errors.at("holidays")} />
      <button type="button" className="button button-small add-button" onClick={() => onChange([...holidays, today()])}>
        + Add holiday
      </button>
    </fieldset>
  );
}
