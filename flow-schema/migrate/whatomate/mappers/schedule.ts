import { type TimeRange, WEEKDAYS, type Weekday } from "../../../nodes/timing";
import { isRecord } from "../../is-record";
import type { ConfigReader } from "../config-reader";

export type DaySchedule = Record<Weekday, TimeRange[]>;

const CLOCK = /^(\d{1,2}):(\d{2})(?::\d{2})?$/;

/**
 * A Whatomate `schedule` ([{day, enabled, start_time, end_time}]) as a weekly schedule.
 * A disabled day is closed; a range that crosses midnight is split over two days.
 */
export function readSchedule(config: ConfigReader): DaySchedule {
  const schedule: DaySchedule = { monday: [], tuesday: [], wednesday: [], thursday: [], friday: [], saturday: [], sunday: [] };
  const raw = config.raw("schedule");
  if (!Array.isArray(raw)) {
    const what = raw === undefined ? "has no schedule" : "schedule should be a list of days";
    config.error(`${what}; every day is closed (out of hours)`, "schedule");
    return schedule;
  }
  raw.forEach((entry, index) => {
    if (!isRecord(entry)) {
      config.warn(`schedule entry ${index} is not an object; ignored`, "schedule", index);
      return;
    }
    const day = weekday(entry.day);
    if (day === undefined) {
      config.error(`schedule entry ${index} names day ${JSON.stringify(entry.day)}, which is not a weekday; ignored`, "schedule", index, "day");
      return;
    }
    if (entry.enabled !== true) {
      if (entry.enabled === undefined && (entry.start_time !== undefined || entry.end_time !== undefined)) {
        config.warn(`schedule entry ${index} (${day}) has no "enabled"; like Whatomate, it is treated as closed`, "schedule", index);
      }
      return;
    }
    const start = clock(entry.start_time);
    const end = clock(entry.end_time);
    if (start === undefined || end === undefined) {
      const field = start === undefined ? "start_time" : "end_time";
      config.error(`schedule entry ${index} (${day}) has ${field} ${JSON.stringify(entry[field])}, not HH:MM; ${day} is closed`, "schedule", index, field);
      return;
    }
    addRange(config, schedule, day, start, end, index);
  });
  return schedule;
}

function addRange(config: ConfigReader, schedule: DaySchedule, day: Weekday, start: string, end: string, index: number): void {
  if (start < end || end === "24:00") {
    schedule[day].push({ start, end });
    return;
  }
  if (start === end) {
    config.warn(`schedule entry ${index} (${day}) starts and ends at ${start}; ${day} is closed`, "schedule", index);
    return;
  }
  const next = WEEKDAYS[(WEEKDAYS.indexOf(day) + 1) % WEEKDAYS.length] ?? "monday";
  schedule[day].push({ start, end: "24:00" });
  if (end !== "00:00") schedule[next].push({ start: "00:00", end });
  config.warn(`schedule entry ${index} (${day} ${start}-${end}) crosses midnight; it was split into ${day} ${start}-24:00 and ${next} 00:00-${end}`, "schedule", index);
}

function weekday(raw: unknown): Weekday | undefined {
  if (typeof raw !== "string") return undefined;
  const name = raw.trim().toLowerCase();
  return WEEKDAYS.find((day) => day === name || (name.length >= 3 && day.startsWith(name)));
}

function clock(raw: unknown): string | undefined {
  if (typeof raw !== "string") return undefined;
  const match = CLOCK.exec(raw.trim());
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return undefined;
  return `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
}
