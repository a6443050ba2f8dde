import { HolidaysEditor } from "../holidays-editor";
import { ScheduleEditor } from "../schedule-editor";
import { TimezoneField } from "../timezone-field";
import type { FormProps } from "./form-props";

export function TimingForm({ data, errors, onChange }: FormProps<"timing">) {
  return (
    <>
      <TimezoneField value={data.timezone} errors={errors.at("timezone")} onChange={(timezone) => onChange({ ...data, timezone }, { coalesce: "timezone" })} />
      <ScheduleEditor schedule={data.schedule} errors={errors} onChange={(schedule, coalesce) => onChange({ ...data, schedule }, coalesce === undefined ? {} : { coalesce })} />
      <HolidaysEditor holidays={data.holidays} errors={errors} onChange={(holidays) => onChange({ ...data, holidays })} />
    </>
  );
}
