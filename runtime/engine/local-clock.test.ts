import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { localClock } from "./local-clock";

describe("localClock", () => {
  it("reads the zone's wall clock across a DST change, the same on a memoised second read", () => {
    // New York springs forward at 02:00 local on 2026-03-08 (07:00 UTC): 01:59 EST, then 03:00 EDT.
    const before = new Date("2026-03-08T06:59:30Z");
    const after = new Date("2026-03-08T07:00:10Z");
    for (let round = 0; round < 2; round += 1) {
      expect(localClock("America/New_York", before)).toEqual({ date: "2026-03-08", weekday: 7, minute: 1 * 60 + 59 });
      expect(localClock("America/New_York", after)).toEqual({ date: "2026-03-08", weekday: 7, minute: 3 * 60 });
    }
  });

  it("agrees with luxon minute by minute over a day in several zones", () => {
    const start = Date.parse("2026-10-25T00:00:00Z"); // Europe leaves summer time this day
    for (const zone of ["Europe/Madrid", "Asia/Kolkata", "America/Sao_Paulo", "UTC"]) {
      for (let at = start; at < start + 86_400_000; at += 7 * 60_000 + 13_000) {
        const local = DateTime.fromMillis(at, { zone });
        expect(localClock(zone, new Date(at))).toEqual({ date: local.toISODate(), weekday: local.weekday, minute: local.hour * 60 + local.minute });
      }
    }
  });

  it("is undefined for an unknown zone", () => {
    expect(localClock("Mars/Olympus_Mons", new Date())).toBeUndefined();
    expect(localClock("Mars/Olympus_Mons", new Date())).toBeUndefined();
  });
});
