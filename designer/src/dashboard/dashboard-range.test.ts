import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { analyticsQuery, DEFAULT_FILTERS, filtersFromSearch, filtersToSearch, rangeOf } from "./dashboard-range";

describe("the dashboard's range", () => {
  // 00:30 on 8 March in Los Angeles is still the 7th in UTC... and the 8th is the day clocks go forward.
  const now = DateTime.fromISO("2026-03-08T08:30:00Z");

  it("counts whole local days of the browser's zone, `to` exclusive; hours for a day or two, days beyond", () => {
    expect(rangeOf({ ...DEFAULT_FILTERS, preset: "today" }, "America/Los_Angeles", now)).toEqual({ from: "2026-03-08", to: "2026-03-09", interval: "hour", days: 1 });
    expect(rangeOf({ ...DEFAULT_FILTERS, preset: "today" }, "Asia/Kathmandu", now)).toEqual({ from: "2026-03-08", to: "2026-03-09", interval: "hour", days: 1 });
    expect(rangeOf({ ...DEFAULT_FILTERS, preset: "7d" }, "America/Los_Angeles", now)).toEqual({ from: "2026-03-02", to: "2026-03-09", interval: "day", days: 7 });
    expect(rangeOf({ ...DEFAULT_FILTERS, preset: "30d" }, "UTC", now)).toEqual({ from: "2026-02-07", to: "2026-03-09", interval: "day", days: 30 });
  });

  it("a custom range runs from its first to its last day; missing or reversed days are no range", () => {
    expect(rangeOf({ ...DEFAULT_FILTERS, preset: "custom", firstDay: "2026-10-24", lastDay: "2026-10-25" }, "Europe/Paris", now)).toEqual({ from: "2026-10-24", to: "2026-10-26", interval: "hour", days: 2 });
    expect(rangeOf({ ...DEFAULT_FILTERS, preset: "custom", firstDay: "2026-10-24", lastDay: "" }, "Europe/Paris", now)).toBeUndefined();
    expect(rangeOf({ ...DEFAULT_FILTERS, preset: "custom", firstDay: "2026-10-25", lastDay: "2026-10-24" }, "Europe/Paris", now)).toBeUndefined();
  });

  it("becomes the analytics query with the zone and only the filters set", () => {
    const filters = { ...DEFAULT_FILTERS, flow: "support-line", team: " support ", serviceLevelSeconds: 30 };
    expect(analyticsQuery(filters, { from: "2026-03-02", to: "2026-03-09" }, "Europe/Paris")).toBe("from=2026-03-02&to=2026-03-09&tz=Europe%2FParis&flow=support-line&team=support&serviceLevelSeconds=30");
  });

  it("round-trips through the page's query string, leaving defaults out and dropping what is invalid", () => {
    const filters = { ...DEFAULT_FILTERS, preset: "custom" as const, firstDay: "2026-03-01", lastDay: "2026-03-31", channelType: "webchat", serviceLevelSeconds: 45 };
    const search = filtersToSearch(filters);
    expect(search).toBe("range=custom&first=2026-03-01&last=2026-03-31&channelType=webchat&sl=45");
    expect(filtersFromSearch(`?${search}`)).toEqual(filters);
    expect(filtersToSearch(DEFAULT_FILTERS)).toBe("");
    expect(filtersFromSearch("?range=forever&first=yesterday&sl=0")).toEqual(DEFAULT_FILTERS);
  });
});
