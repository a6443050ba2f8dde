import type { NodeDataMap } from "../../flow-schema/index";
import { WEEKDAYS } from "../../flow-schema/nodes/timing";
import { localClock } from "./local-clock";

/** "09:30" → 570; "24:00" → 1440 (end of day). */
function minuteOfDay(clock: string): number {
  const [hours, minutes] = clock.split(":").map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/**
 * Whether `now` falls in opening hours, read on the wall clock of the node's time zone (so DST
 * days need no special care): not on a holiday (a YYYY-MM-DD date in that zone), and inside one of
 * the day's ranges, start inclusive and end exclusive. An unknown time zone counts as closed.
 */
export function isOpen(data: NodeDataMap["timing"], now: Date): boolean {
  const local = localClock(data.timezone, now);
  if (local === undefined) return false;
  if (data.holidays.includes(local.date)) return false;
  const day = WEEKDAYS[local.weekday - 1];
  if (day === undefined) return false;
  const { minute } = local;
  return data.schedule[day].some((range) => minuteOfDay(range.start) <= minute && minute < minuteOfDay(range.end));
}
