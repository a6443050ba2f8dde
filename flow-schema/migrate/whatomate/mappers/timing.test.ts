import { describe, expect, it } from "vitest";
import { importOne, messages, targetOf } from "../testing";

const weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday"].map((day) => ({
  day,
  enabled: true,
  start_time: "09:00",
  end_time: "17:00",
}));

describe("whatomate timing", () => {
  it("maps the schedule per weekday; a disabled day is closed", () => {
    const schedule = [...weekdays, { day: "saturday", enabled: false, start_time: "10:00", end_time: "12:00" }];
    const { node } = importOne("timing", { timezone: "Europe/Berlin", schedule });
    const open = [{ start: "09:00", end: "17:00" }];
    expect(node.data).toEqual({
      timezone: "Europe/Berlin",
      schedule: { monday: open, tuesday: open, wednesday: open, thursday: open, friday: open, saturday: [], sunday: [] },
      holidays: [],
    });
  });

  it("assumes UTC when there is no time zone, and reports it", () => {
    const { node, issues } = importOne("timing", { schedule: weekdays });
    expect(node.data).toMatchObject({ timezone: "UTC" });
    expect(issues).toEqual([expect.objectContaining({ severity: "warning", path: "/nodes/0/config/timezone", message: expect.stringContaining("UTC") })]);
  });

  it("maps in_hours and out_of_hours, and expands default to the unconnected one", () => {
    const { handles, issues } = importOne("timing", { timezone: "UTC", schedule: weekdays }, ["in_hours", "default"]);
    expect(handles).toEqual({ in_hours: targetOf("in_hours"), out_of_hours: targetOf("default") });
    expect(messages(issues)).toEqual([expect.stringContaining("expanded to one edge per unconnected outcome: out_of_hours")]);
  });

  it("splits a range that crosses midnight, normalises times and abbreviations", () => {
    const schedule = [
      { day: "Sun", enabled: true, start_time: "22:00", end_time: "2:00" },
      { day: "TUESDAY", enabled: true, start_time: "9:30:00", end_time: "24:00" },
    ];
    const { node, issues } = importOne("timing", { timezone: "UTC", schedule });
    expect(node.data).toMatchObject({
      schedule: { sunday: [{ start: "22:00", end: "24:00" }], monday: [{ start: "00:00", end: "02:00" }], tuesday: [{ start: "09:30", end: "24:00" }] },
    });
    expect(messages(issues)).toEqual([expect.stringContaining("crosses midnight")]);
  });

  it("reports days, times and holidays it cannot read", () => {
    const schedule = [
      { day: "funday", enabled: true, start_time: "09:00", end_time: "10:00" },
      { day: "monday", enabled: true, start_time: "nine", end_time: "10:00" },
      { day: "friday", start_time: "09:00", end_time: "10:00" },
      { day: "friday", enabled: true, start_time: "09:00", end_time: "09:00" },
    ];
    const { node, issues } = importOne("timing", { timezone: "UTC", schedule, holidays: ["2026-12-25", { date: "2026-01-01" }, "2026-02-30"] });
    expect(node.data).toMatchObject({ holidays: ["2026-12-25", "2026-01-01"], schedule: { monday: [], friday: [] } });
    expect(messages(issues, "error")).toEqual([
      expect.stringContaining('"funday"'),
      expect.stringContaining("start_time"),
      expect.stringContaining('"2026-02-30"'),
    ]);
    expect(messages(issues, "warning")).toEqual([expect.stringContaining('no "enabled"'), expect.stringContaining("starts and ends at 09:00")]);
  });

  it("replaces an unknown time zone with UTC", () => {
    const { node, issues } = importOne("timing", { timezone: "Mars/Olympus", schedule: weekdays });
    expect(node.data).toMatchObject({ timezone: "UTC" });
    expect(messages(issues)).toEqual([expect.stringContaining('"Mars/Olympus"')]);
  });
});
