import { describe, expect, it } from "vitest";
import { WEEKDAYS, WeeklySchedule } from "../../../../flow-schema/nodes/timing";
import { scheduleLines } from "./schedule-lines";

describe("scheduleLines", () => {
  it("groups days with the same hours", () => {
    const nine = [{ start: "09:00", end: "17:00" }];
    const schedule = WeeklySchedule.parse({ monday: nine, tuesday: nine, wednesday: nine, thursday: nine, friday: nine, saturday: [{ start: "10:00", end: "12:00" }] });
    expect(scheduleLines(schedule, WEEKDAYS)).toEqual(["Mon–Fri 09:00–17:00", "Sat 10:00–12:00"]);
  });

  it("says when it is always closed", () => {
    expect(scheduleLines(WeeklySchedule.parse({}), WEEKDAYS)).toEqual(["Always closed"]);
  });
});
