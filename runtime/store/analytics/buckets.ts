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
