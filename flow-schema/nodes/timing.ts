import { IANAZone } from "luxon";
import { z } from "zod";
import { bothChannels, defineNode, everyHandleExpected, noPatterns, noTemplates, noWrites, truncate } from "./node-definition";

const ClockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, "use HH:MM, 00:00 to 24:00");

export const TimeRange = z
  .strictObject({ start: ClockTime, end: ClockTime })
  .refine((range) => range.start < range.end, { message: "start must be before end (split ranges that cross midnight)", path: ["end"] });
export type TimeRange = z.infer<typeof TimeRange>;

export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const DayRanges = z.array(TimeRange).max(24).default([]);

export const WeeklySchedule = z.strictObject({
  monday: DayRanges,
  tuesday: DayRanges,
  wednesday: DayRanges,
  thursday: DayRanges,
  friday: DayRanges,
  saturday: DayRanges,
  sunday: DayRanges,
});
export type WeeklySchedule = z.infer<typeof WeeklySchedule>;

/** A calendar date that exists: 2026-02-30 is refused. */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD")
  .refine((text) => {
    const [year, month, day] = text.split("-").map(Number);
    // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
    const date = new Date(0);
    date.setUTCFullYear(year ?? 0, (month ?? 0) - 1, day ?? 0);
    return date.getUTCFullYear() === year && date.getUTCMonth() === (month ?? 0) - 1 && date.getUTCDate() === day;
  }, "not a real date");

export const TimingData = z.strictObject({
  timezone: z.string().min(1).max(64).describe("IANA time zone, e.g. Europe/Berlin"),
  schedule: WeeklySchedule.describe("Opening hours per weekday; a day with no ranges is closed"),
  holidays: z.array(CalendarDate).max(500).default([]).describe("Dates (YYYY-MM-DD) that are out of hours all day"),
});
export type TimingData = z.infer<typeof TimingData>;

const zoneCache = new Map<string, boolean>();

/** Whether `zone` is an IANA time zone this runtime knows (cached: the check builds an Intl formatter). */
export function isTimeZone(zone: string): boolean {
  let valid = zoneCache.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    if (zoneCache.size < 1000) zoneCache.set(zone, valid);
  }
  return valid;
}

export const timingNode = defineNode({
  type: "timing",
  title: "Business hours",
  description: "Branch on opening hours in a time zone, with holidays.",
  data: TimingData,
  starter: () => ({
    timezone: "UTC",
    schedule: {
      monday: [{ start: "09:00", end: "17:00" }],
      tuesday: [{ start: "09:00", end: "17:00" }],
      wednesday: [{ start: "09:00", end: "17:00" }],
      thursday: [{ start: "09:00", end: "17:00" }],
      friday: [{ start: "09:00", end: "17:00" }],
    },
  }),
  outputs: () => [
    { id: "in_hours", label: "Open" },
    { id: "out_of_hours", label: "Closed" },
  ],
  terminal: false,
  waitsForInput: false,
  channels: bothChannels,
  templates: noTemplates,
  writes: noWrites,
  patterns: noPatterns,
  optionalHandle: everyHandleExpected,
  check: (data) =>
    isTimeZone(data.timezone)
      ? []
      : [{ code: "invalid_timezone", message: `"${data.timezone}" is not an IANA time zone (e.g. Europe/London)`, pointer: "/timezone" }],
  summary: (data) => {
    const open = WEEKDAYS.filter((day) => data.schedule[day].length > 0).map((day) => day.slice(0, 3));
    return truncate(`${data.timezone} · ${open.length ? open.join(" ") : "always closed"}`);
  },
});
