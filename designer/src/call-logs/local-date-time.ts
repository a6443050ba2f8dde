const pad = (value: number): string => String(value).padStart(2, "0");

/** A `<input type="datetime-local">` value (local time, `2026-06-03T14:30`) as an ISO instant; "" when empty or invalid. */
export function localInputToIso(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value)) return "";
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? "" : new Date(time).toISOString();
}

/** An ISO instant as a `<input type="datetime-local">` value in local time, to the minute; "" when empty or invalid. */
export function isoToLocalInput(iso: string): string {
  const time = Date.parse(iso);
  if (iso === "" || Number.isNaN(time)) return "";
  const date = new Date(time);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
