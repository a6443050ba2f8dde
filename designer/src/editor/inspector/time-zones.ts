let cached: readonly string[] | undefined;

/** The IANA time zones this browser knows, UTC first. */
export function timeZones(): readonly string[] {
  if (cached) return cached;
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    zones = [];
  }
  cached = ["UTC", ...zones.filter((zone) => zone !== "UTC")];
  return cached;
}
