import { DateTime } from "luxon";
import { z } from "zod";

export const RangePreset = z.enum(["today", "7d", "30d", "custom"]);
export type RangePreset = z.infer<typeof RangePreset>;

export const PRESET_TEXT: Record<RangePreset, string> = { today: "Today", "7d": "Last 7 days", "30d": "Last 30 days", custom: "Custom" };

/** The dashboard's question: a range of whole local days and the filters (kept in the page's query string). */
export interface DashboardFilters {
  preset: RangePreset;
  /** Custom range: first and last day, inclusive (`YYYY-MM-DD`, local); "" when not set. */
  firstDay: string;
  lastDay: string;
  flow: string;
  channelType: string;
  channel: string;
  team: string;
  /** Seconds: the share of transfers answered within it is the service level. */
  serviceLevelSeconds: number;
}

export const DEFAULT_FILTERS: DashboardFilters = { preset: "7d", firstDay: "", lastDay: "", flow: "", channelType: "", channel: "", team: "", serviceLevelSeconds: 20 };

/** The browser's IANA time zone (the API counts days and hours in it). */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The API's `from` / `to` (local dates: their midnights in `zone`, `to` exclusive) and the
 * interval for the chart: hours for a range of one or two days, else days. A custom range with a
 * missing or reversed day is undefined (the page says what to fix).
 */
export function rangeOf(filters: DashboardFilters, zone: string, now: DateTime = DateTime.now()): { from: string; to: string; interval: "hour" | "day"; days: number } | undefined {
  const today = now.setZone(zone).startOf("day");
  let first: DateTime;
  let last: DateTime;
  if (filters.preset === "custom") {
    if (!DAY.test(filters.firstDay) || !DAY.test(filters.lastDay)) return undefined;
    first = DateTime.fromISO(filters.firstDay, { zone });
    last = DateTime.fromISO(filters.lastDay, { zone });
    if (!first.isValid || !last.isValid || last < first) return undefined;
  } else {
    last = today;
    first = today.minus({ days: filters.preset === "today" ? 0 : filters.preset === "7d" ? 6 : 29 });
  }
  const days = Math.round(last.diff(first, "days").days) + 1;
  const from = first.toISODate();
  const to = last.plus({ days: 1 }).toISODate();
  if (from === null || to === null) return undefined;
  return { from, to, interval: days <= 2 ? "hour" : "day", days };
}

/** The analytics query string (without `?`) for the filters and range. */
export function analyticsQuery(filters: DashboardFilters, range: { from: string; to: string }, zone: string): string {
  const params = new URLSearchParams({ from: range.from, to: range.to, tz: zone });
  for (const [name, value] of [
    ["flow", filters.flow],
    ["channelType", filters.channelType],
    ["channel", filters.channel],
    ["team", filters.team],
  ] as const) {
    if (value.trim() !== "") params.set(name, value.trim());
  }
  params.set("serviceLevelSeconds", String(filters.serviceLevelSeconds));
  return params.toString();
}

/** Reads the filters from the page's query string; unknown or invalid values fall back to the defaults. */
export function filtersFromSearch(search: string): DashboardFilters {
  const params = new URLSearchParams(search);
  const preset = RangePreset.safeParse(params.get("range"));
  const level = Number(params.get("sl"));
  const day = (name: string) => {
    const value = params.get(name) ?? "";
    return DAY.test(value) ? value : "";
  };
  return {
    preset: preset.success ? preset.data : DEFAULT_FILTERS.preset,
    firstDay: day("first"),
    lastDay: day("last"),
    flow: params.get("flow")?.trim() ?? "",
    channelType: params.get("channelType")?.trim() ?? "",
    channel: params.get("channel")?.trim() ?? "",
    team: params.get("team")?.trim() ?? "",
    serviceLevelSeconds: Number.isInteger(level) && level >= 1 && level <= 3600 ? level : DEFAULT_FILTERS.serviceLevelSeconds,
  };
}

/** The page's query string for the filters (without `?`); defaults left out. */
export function filtersToSearch(filters: DashboardFilters): string {
  const params = new URLSearchParams();
  if (filters.preset !== DEFAULT_FILTERS.preset) params.set("range", filters.preset);
  if (filters.preset === "custom") {
    if (filters.firstDay !== "") params.set("first", filters.firstDay);
    if (filters.lastDay !== "") params.set("last", filters.lastDay);
  }
  for (const name of ["flow", "channelType", "channel", "team"] as const) if (filters[name].trim() !== "") params.set(name, filters[name].trim());
  if (filters.serviceLevelSeconds !== DEFAULT_FILTERS.serviceLevelSeconds) params.set("sl", String(filters.serviceLevelSeconds));
  return params.toString();
}
