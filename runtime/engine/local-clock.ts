import { DateTime } from "luxon";

/** A wall-clock reading in a time zone, to the minute. */
export interface LocalClock {
  /** YYYY-MM-DD in the zone. */
  date: string;
  /** 1 (Monday) … 7 (Sunday). */
  weekday: number;
  /** Minutes since local midnight. */
  minute: number;
}

const MINUTE_MS = 60_000;
const CAPACITY = 512;
const readings = new Map<string, LocalClock | null>();

/**
 * The wall clock of `zone` at `now`, or undefined for an unknown zone. Luxon's zone conversion
 * (Intl formatToParts) is the dearest part of a timing node, and every call in the same minute
 * reads the same clock, so readings are memoised per zone and UTC minute (today's zones all have
 * whole-minute offsets). A pure function: the memo changes no answer.
 */
export function localClock(zone: string, now: Date): LocalClock | undefined {
  const utcMinute = Math.floor(now.getTime() / MINUTE_MS);
  const key = `${zone}\u0000${utcMinute}`;
  const known = readings.get(key);
  if (known !== undefined) return known ?? undefined;
  const local = DateTime.fromMillis(utcMinute * MINUTE_MS, { zone });
  const reading = local.isValid ? { date: local.toISODate(), weekday: local.weekday, minute: local.hour * 60 + local.minute } : null;
  if (readings.size >= CAPACITY) readings.clear();
  readings.set(key, reading);
  return reading ?? undefined;
}
