import { useId } from "react";
import { TextField } from "./fields/text-field";
import { timeZones } from "./time-zones";

/** A time zone: type to search the browser's IANA zones, or pick one from the list. */
export function TimezoneField({ value, errors, onChange }: { value: string; errors: readonly string[]; onChange: (zone: string) => void }) {
  const listId = useId();
  return (
    <>
      <TextField label="Time zone" value={value} errors={errors} list={listId} placeholder="e.g. Europe/London" hint="IANA name; type to search" onChange={onChange} />
      <datalist id={listId}>
        {timeZones().map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </>
  );
}
