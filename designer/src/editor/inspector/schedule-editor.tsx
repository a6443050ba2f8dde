import { type TimeRange, WEEKDAYS, type Weekday, type WeeklySchedule } from "../../../../flow-schema/nodes/timing";
import type { FieldErrors } from "./field-errors";
import { FieldProblems } from "./fields/field-problems";
import { removeItem, replaceItem } from "./fields/list-edits";

const DAY_NAMES: Record<Weekday, string> = {
  monday: "Monday",
  tuesday: "Tuesday",
  wednesday: "Wednesday",
  thursday: "Thursday",
  friday: "Friday",
  saturday: "Saturday",
  sunday: "Sunday",
};
const WORKDAYS: readonly Weekday[] = ["tuesday", "wednesday", "thursday", "friday"];

/** Opening hours per weekday: any number of HH:MM ranges a day, none for closed. */
export function ScheduleEditor({ schedule, errors, onChange }: {
  schedule: WeeklySchedule;
  errors: FieldErrors;
  onChange: (schedule: WeeklySchedule, coalesce?: string) => void;
}) {
  const setDay = (day: Weekday, ranges: TimeRange[], coalesce?: string) => onChange({ ...schedule, [day]: ranges }, coalesce);
  const copyMonday = () => {
    const next = { ...schedule };
    for (const day of WORKDAYS) next[day] = schedule.monday.map((range) => ({ ...range }));
    onChange(next);
  };
  return (
    <fieldset className="list-editor schedule-editor">
      <legend>Opening hours</legend>
      <table className="schedule-table">
        <tbody>
          {WEEKDAYS.map((day) => {
            const ranges = schedule[day];
            return (
              <tr key={day}>
                <th scope="row">{DAY_NAMES[day].slice(0, 3)}</th>
                <td>
                  {ranges.length === 0 && <span className="field-hint">Closed</span>}
                  {ranges.map((range, index) => (
                    <div key={index} className="schedule-range">
                      <input
                        type="text"
                        inputMode="numeric"
                        className="input-time"
                        aria-label={`${DAY_NAMES[day]} range ${index + 1} opens`}
                        value={range.start}
                        placeholder="09:00"
                        aria-invalid={errors.at("schedule", day, index, "start").length > 0}
                        onChange={(event) => setDay(day, replaceItem(ranges, index, { ...range, start: event.target.value }), `schedule.${day}.${index}.start`)}
                      />
                      <span aria-hidden="true">–</span>
                      <input
                        type="text"
                        inputMode="numeric"
                        className="input-time"
                        aria-label={`${DAY_NAMES[day]} range ${index + 1} closes`}
                        value={range.end}
                        placeholder="17:00"
                        aria-invalid={errors.at("schedule", day, index, "end").length > 0}
                        onChange={(event) => setDay(day, replaceItem(ranges, index, { ...range, end: event.target.value }), `schedule.${day}.${index}.end`)}
                      />
                      <button type="button" className="icon-button icon-button-danger" aria-label={`Remove ${DAY_NAMES[day]} range ${index + 1}`} onClick={() => setDay(day, removeItem(ranges, index))}>
                        ×
                      </button>
                      <FieldProblems errors={errors.within("schedule", day, index)} />
                    </div>
                  ))}
                  <FieldProblems errors={errors.at("schedule", day)} />
                </td>
                <td className="schedule-add">
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Add hours on ${DAY_NAMES[day]}`}
                    onClick={() => setDay(day, [...ranges, ranges.length === 0 ? { start: "09:00", end: "17:00" } : { start: "18:00", end: "20:00" }])}
                  >
                    +
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="button" className="button button-small" onClick={copyMonday}>
        Copy Monday to Tue–Fri
      </button>
    </fieldset>
  );
}
