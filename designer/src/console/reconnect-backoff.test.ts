import { describe, expect, it } from "vitest";
import { reconnectDelay } from "./reconnect-backoff";

describe("reconnect backoff", () => {
  it("doubles from half a second and stops at 15 s", () => {
    const middle = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((attempt) => reconnectDelay(attempt, middle))).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
  });
  it("jitters by at most 20 % so agents do not reconnect in lockstep", () => {
    expect(reconnectDelay(2, () => 0)).toBe(1600);
    expect(reconnectDelay(2, () => 1)).toBe(2400);
  });
});
