import { describe, expect, it } from "vitest";
import { handlesOf, issuePaths, problemsOf } from "../validate/fixtures/schema-helpers";
import { CalendarDate, TimingData, timingNode } from "./timing";

const nineToFive = [{ start: "09:00", end: "17:00" }];

describe("timing node", () => {
  it("fills in the defaults: days not given are closed, no holidays", () => {
    expect(TimingData.parse({ timezone: "Europe/Berlin", schedule: { monday: nineToFive } })).toEqual({
      timezone: "Europe/Berlin",
      schedule: { monday: nineToFive, tuesday: [], wednesday: [], thursday: [], friday: [], saturday: [], sunday: [] },
      holidays: [],
    });
  });

  it("has a starter that parses", () => {
    expect(handlesOf(timingNode, timingNode.starter())).toEqual(["in_hours", "out_of_hours"]);
  });

  it("offers in_hours and out_of_hours, does not wait and is not terminal", () => {
    expect(handlesOf(timingNode, { timezone: "UTC", schedule: {} })).toEqual(["in_hours", "out_of_hours"]);
    expect(timingNode.waitsForInput).toBe(false);
    expect(timingNode.terminal).toBe(false);
  });

  it("accepts a range up to midnight, split days and leap days", () => {
    const data = {
      timezone: "America/New_York",
      schedule: { friday: [{ start: "09:00", end: "12:00" }, { start: "13:00", end: "24:00" }], saturday: [{ start: "00:00", end: "02:00" }] },
      holidays: ["2028-02-29", "2026-12-25"],
    };
    expect(TimingData.safeParse(data).success).toBe(true);
  });

  it.each([
    ["25:00", { start: "25:00", end: "26:00" }, "schedule.monday.0.start"],
    ["9:00 without a leading zero", { start: "9:00", end: "17:00" }, "schedule.monday.0.start"],
    ["minutes over 59", { start: "09:60", end: "17:00" }, "schedule.monday.0.start"],
    ["24:30", { start: "09:00", end: "24:30" }, "schedule.monday.0.end"],
    ["start equal to end", { start: "09:00", end: "09:00" }, "schedule.monday.0.end"],
    ["start after end (a range across midnight)", { start: "22:00", end: "06:00" }, "schedule.monday.0.end"],
    ["a range with an extra key", { start: "09:00", end: "17:00", label: "morning" }, "schedule.monday.0"],
  ])("refuses a time range with %s", (_name, range, path) => {
    expect(issuePaths(TimingData, { timezone: "UTC", schedule: { monday: [range] } })).toContain(path);
  });

  it.each([
    ["2026-02-30", "not a real date"],
    ["2027-02-29", "not a real date"],
    ["2026-13-01", "not a real date"],
    ["2026-00-10", "not a real date"],
    ["2026-04-31", "not a real date"],
    ["26-01-01", "use YYYY-MM-DD"],
    ["2026-1-1", "use YYYY-MM-DD"],
    ["2026/01/01", "use YYYY-MM-DD"],
  ])("refuses the holiday %s", (date, message) => {
    const result = CalendarDate.safeParse(date);
    expect(result.error?.issues.map((issue) => issue.message)).toContain(message);
    expect(issuePaths(TimingData, { timezone: "UTC", schedule: {}, holidays: [date] })).toContain("holidays.0");
  });

  it("accepts every real date, including years before 100", () => {
    for (const date of ["2026-01-01", "2026-12-31", "2024-02-29", "2000-02-29", "0001-01-01", "0099-12-31", "9999-12-31"]) {
      expect(CalendarDate.safeParse(date).success, date).toBe(true);
    }
    expect(CalendarDate.safeParse("1900-02-29").success).toBe(false);
  });

  it.each([
    ["an unknown weekday", { timezone: "UTC", schedule: { funday: nineToFive } }, "schedule"],
    ["no schedule", { timezone: "UTC" }, "schedule"],
    ["no time zone", { schedule: {} }, "timezone"],
    ["an unknown key", { timezone: "UTC", schedule: {}, closedMessage: "x" }, ""],
  ])("refuses %s", (_name, input, path) => {
    expect(issuePaths(TimingData, input)).toContain(path);
  });

  it("reports a time zone that is not an IANA zone", () => {
    expect(problemsOf(timingNode, { timezone: "Europe/Berlin", schedule: {} }, {})).toEqual([]);
    expect(problemsOf(timingNode, { timezone: "Mars/Olympus_Mons", schedule: {} }, {})).toEqual([{ code: "invalid_timezone", pointer: "/timezone" }]);
    expect(problemsOf(timingNode, { timezone: "Berlin", schedule: {} }, {})).toEqual([{ code: "invalid_timezone", pointer: "/timezone" }]);
  });
});
