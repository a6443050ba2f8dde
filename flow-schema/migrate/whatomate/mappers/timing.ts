import { IANAZone } from "luxon";
import { CalendarDate } from "../../../nodes/timing";
import { isRecord } from "../../is-record";
import type { ConfigReader } from "../config-reader";
import type { NodeMapper } from "../node-mapper";
import { handleTable } from "../node-mapper";
import { readSchedule } from "./schedule";

const FALLBACK_ZONE = "UTC";

/**
 * timing: schedule, plus `timezone` and `holidays` when present (Whatomate graphs carry no time zone:
 * UTC is assumed and reported). Outcomes `in_hours`, `out_of_hours`.
 */
export const timingMapper: NodeMapper = {
  type: "timing",
  data: (config) => ({
    timezone: readTimezone(config),
    schedule: readSchedule(config),
    holidays: readHolidays(config),
  }),
  handle: handleTable({ in_hours: "in_hours", out_of_hours: "out_of_hours" }),
};

function readTimezone(config: ConfigReader): string {
  const zone = config.string("timezone")?.trim();
  if (zone === undefined || zone === "") {
    config.warn(`the Whatomate graph has no time zone; ${FALLBACK_ZONE} is assumed, set the real one`, "timezone");
    return FALLBACK_ZONE;
  }
  if (IANAZone.isValidZone(zone)) return zone;
  config.warn(`timezone "${zone}" is not an IANA time zone; ${FALLBACK_ZONE} is assumed, set the real one`, "timezone");
  return FALLBACK_ZONE;
}

function readHolidays(config: ConfigReader): string[] {
  const raw = config.raw("holidays");
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    config.error("holidays should be a list of dates; ignored", "holidays");
    return [];
  }
  const dates: string[] = [];
  raw.forEach((entry, index) => {
    const text = isRecord(entry) ? entry.date : entry;
    const date = CalendarDate.safeParse(typeof text === "string" ? text.trim().slice(0, 10) : text);
    if (date.success) dates.push(date.data);
    else config.error(`holiday ${JSON.stringify(entry)} is not a date (YYYY-MM-DD); dropped`, "holidays", index);
  });
  return dates;
}
