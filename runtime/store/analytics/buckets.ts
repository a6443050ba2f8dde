/**
 * Rollups are counted per 15-minute UTC bucket: every IANA zone's UTC offset (India +5:30, Nepal
 * +5:45, Chatham +12:45…) and every DST shift (60 or 30 minutes, Lord Howe) is a multiple of 15
 * minutes, so each local hour and each local day, 23- and 25-hour days included, is a whole number
 * of buckets in any zone. Hourly UTC buckets would split the days of the :30/:45 zones.
 */
export const BUCKET_MS = 15 * 60 * 1000;

/** The start of the bucket holding `at` (ms since the epoch). */
export function bucketOf(at: number): number {
  return Math.floor(at / BUCKET_MS) * BUCKET_MS;
}

export const DAY_MS = 24 * 60 * 60 * 1000;
/** The rows' `grain`: minutes per bucket. */
export const QUARTER = 15;
export const UTC_DAY = 1440;

/** The start of the UTC day holding `at`. */
export function dayOf(at: number): number {
  return Math.floor(at / DAY_MS) * DAY_MS;
}

/** The first UTC midnight at or after `at`. */
export function dayCeil(at: number): number {
  return Math.ceil(at / DAY_MS) * DAY_MS;
}
