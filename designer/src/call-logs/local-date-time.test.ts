import { describe, expect, it } from "vitest";
import { isoToLocalInput, localInputToIso } from "./local-date-time";

describe("datetime-local values", () => {
  it("are local times: to an ISO instant and back", () => {
    const iso = localInputToIso("2026-06-03T14:30");
    const local = new Date(2026, 5, 3, 14, 30);
    expect(iso).toBe(local.toISOString());
    expect(isoToLocalInput(iso)).toBe("2026-06-03T14:30");
    expect(isoToLocalInput(new Date(2026, 0, 9, 7, 5, 59).toISOString())).toBe("2026-01-09T07:05");
  });

  it("are empty when empty or unreadable", () => {
    for (const value of ["", "tomorrow", "2026-06-03", "2026-13-40T99:99"]) expect(localInputToIso(value)).toBe("");
    expect(isoToLocalInput("")).toBe("");
    expect(isoToLocalInput("soon")).toBe("");
  });
});
