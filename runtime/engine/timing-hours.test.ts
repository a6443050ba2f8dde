import { describe, expect, it } from "vitest";
import type { NodeDataMap } from "../../flow-schema/index";
import { TimingData } from "../../flow-schema/nodes/timing";
import { buildFlow } from "./fixtures/build-flow";
import { isOpen } from "./is-open";
import { SessionHarness } from "./testing/session-harness";

function timing(timezone: string, extra: Partial<Record<string, unknown>> = {}): NodeDataMap["timing"] {
  const day = [{ start: "01:00", end: "04:00" }, { start: "09:00", end: "17:00" }];
  return TimingData.parse({
    timezone,
    schedule: { monday: day, tuesday: day, wednesday: day, thursday: day, friday: day, saturday: [], sunday: day },
    ...extra,
  });
}

const at = (iso: string) => new Date(iso);

describe("timing: opening hours on the wall clock of the node's time zone", () => {
  const newYork = timing("America/New_York");

  it("start is inclusive, end exclusive", () => {
    // Wednesday 3 June 2026, EDT (UTC-4).
    expect(isOpen(newYork, at("2026-06-03T12:59:59Z"))).toBe(false); // 08:59:59
    expect(isOpen(newYork, at("2026-06-03T13:00:00Z"))).toBe(true); // 09:00
    expect(isOpen(newYork, at("2026-06-03T20:59:59Z"))).toBe(true); // 16:59:59
    expect(isOpen(newYork, at("2026-06-03T21:00:00Z"))).toBe(false); // 17:00
  });

  it("a closed weekday is out of hours", () => {
    expect(isOpen(newYork, at("2026-06-06T15:00:00Z"))).toBe(false); // Saturday 11:00
  });

  it("uses the local weekday, not the UTC one", () => {
    // Monday 02:00 UTC is Sunday 22:00 in New York: Sunday ranges apply, 22:00 is closed.
    expect(isOpen(newYork, at("2026-06-08T02:00:00Z"))).toBe(false);
    // Sunday 02:30 in New York (Sunday has 01:00-04:00): open.
    expect(isOpen(newYork, at("2026-06-07T06:30:00Z"))).toBe(true);
  });

  it("New York spring forward (2026-03-08): 02:00-03:00 does not exist, the wall clock still decides", () => {
    expect(isOpen(newYork, at("2026-03-08T06:59:00Z"))).toBe(true); // 01:59 EST
    expect(isOpen(newYork, at("2026-03-08T07:00:00Z"))).toBe(true); // 03:00 EDT
    expect(isOpen(newYork, at("2026-03-08T07:59:00Z"))).toBe(true); // 03:59 EDT
    expect(isOpen(newYork, at("2026-03-08T08:00:00Z"))).toBe(false); // 04:00 EDT
    expect(isOpen(newYork, at("2026-03-08T13:00:00Z"))).toBe(true); // 09:00 EDT
    expect(isOpen(newYork, at("2026-03-08T12:59:00Z"))).toBe(false); // 08:59 EDT
  });

  it("New York fall back (2026-11-01): 01:00-02:00 happens twice, open both times", () => {
    expect(isOpen(newYork, at("2026-11-01T05:30:00Z"))).toBe(true); // 01:30 EDT
    expect(isOpen(newYork, at("2026-11-01T06:30:00Z"))).toBe(true); // 01:30 EST
    expect(isOpen(newYork, at("2026-11-01T09:00:00Z"))).toBe(false); // 04:00 EST
    expect(isOpen(newYork, at("2026-11-01T13:59:00Z"))).toBe(false); // 08:59 EST
    expect(isOpen(newYork, at("2026-11-01T14:00:00Z"))).toBe(true); // 09:00 EST
  });

  it("Berlin spring forward (2026-03-29): 09:00 CEST is 07:00 UTC", () => {
    const berlin = timing("Europe/Berlin");
    expect(isOpen(berlin, at("2026-03-29T06:59:00Z"))).toBe(false); // 08:59 CEST
    expect(isOpen(berlin, at("2026-03-29T07:00:00Z"))).toBe(true); // 09:00 CEST
    expect(isOpen(berlin, at("2026-03-29T00:59:00Z"))).toBe(true); // 01:59 CET
    expect(isOpen(berlin, at("2026-03-29T01:00:00Z"))).toBe(true); // 03:00 CEST
    expect(isOpen(berlin, at("2026-03-29T02:00:00Z"))).toBe(false); // 04:00 CEST
    // The Saturday before, 09:00 CET is 08:00 UTC — and Saturday is closed anyway.
    expect(isOpen(berlin, at("2026-03-28T08:00:00Z"))).toBe(false);
    // The Friday before, 09:00 CET is 08:00 UTC.
    expect(isOpen(berlin, at("2026-03-27T07:59:00Z"))).toBe(false);
    expect(isOpen(berlin, at("2026-03-27T08:00:00Z"))).toBe(true);
  });

  it("holidays are local dates, closed all day", () => {
    const withHoliday = timing("America/New_York", { holidays: ["2026-11-26"] });
    expect(isOpen(withHoliday, at("2026-11-26T15:00:00Z"))).toBe(false); // Thursday 10:00 EST
    // 26 Nov 03:00 UTC is still 25 Nov 22:00 in New York: not the holiday (but closed at 22:00).
    expect(isOpen(withHoliday, at("2026-11-26T03:00:00Z"))).toBe(false);
    // 25 Nov 10:00 EST is open.
    expect(isOpen(withHoliday, at("2026-11-25T15:00:00Z"))).toBe(true);
    // 27 Nov 01:30 EST (06:30 UTC) is the day after: open in the night range.
    expect(isOpen(withHoliday, at("2026-11-27T06:30:00Z"))).toBe(true);
  });

  it('"24:00" closes at the end of the day', () => {
    const lateDay = [{ start: "20:00", end: "24:00" }];
    const late = TimingData.parse({ timezone: "UTC", schedule: { wednesday: lateDay } });
    expect(isOpen(late, at("2026-06-03T23:59:59Z"))).toBe(true);
    expect(isOpen(late, at("2026-06-04T00:00:00Z"))).toBe(false);
  });

  it("an unknown time zone counts as closed", () => {
    expect(isOpen(timing("Mars/Olympus"), at("2026-06-03T15:00:00Z"))).toBe(false);
  });

  it("the node takes in_hours / out_of_hours by the env clock", () => {
    const flow = buildFlow({
      id: "hours",
      nodes: [
        { id: "check", type: "timing", data: { timezone: "Europe/Berlin", schedule: { friday: [{ start: "09:00", end: "17:00" }] } } },
        { id: "open", type: "hangup", data: {} },
        { id: "shut", type: "hangup", data: {} },
      ],
      edges: [
        ["check", "in_hours", "open"],
        ["check", "out_of_hours", "shut"],
      ],
    });
    const open = new SessionHarness({ flow, now: at("2026-03-27T08:00:00Z") });
    open.start();
    expect(open.path).toEqual(["check:in_hours", "open:ended(hangup_node)"]);
    const shut = new SessionHarness({ flow, now: at("2026-03-27T16:00:00Z") });
    shut.start();
    expect(shut.path).toEqual(["check:out_of_hours", "shut:ended(hangup_node)"]);
  });
});
