import type { TimeRange, Weekday, WeeklySchedule } from "../../../../flow-schema/nodes/timing";

const SHORT: Record<Weekday, string> = { monday: "Mon", tuesday: "Tue", wednesday: "Wed", thursday: "Thu", friday: "Fri", saturday: "Sat", sunday: "Sun" };

function rangesText(ranges: readonly TimeRange[]): string {
  return ranges.length === 0 ? "closed" : ranges.map((range) => `${range.start}–${range.end}`).join(", ");
}

/** A weekly schedule in a few lines: days with the same hours are grouped ("Mon–Fri 09:00–17:00"). */
export function scheduleLines(schedule: WeeklySchedule, days: readonly Weekday[]): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start < days.length) {
    const first = days[start];
    if (first === undefined) break;
    const text = rangesText(schedule[first]);
    let end = start;
    while (end + 1 < days.length) {
      const next = days[end + 1];
      if (next === undefined || rangesText(schedule[next]) !== text) break;
      end++;
    }
    const last = days[end] ?? first;
    const span = end === start ? SHORT[first] : `${SHORT[first]}–${SHORT[last]}`;
    if (text !== "closed") lines.push(`${span} ${text}`);
    start = end + 1;
  }
  return lines.length === 0 ? ["Always closed"] : lines;
}
