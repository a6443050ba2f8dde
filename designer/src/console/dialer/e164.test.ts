import { describe, expect, it } from "vitest";
import { checkNumber, isDiallable } from "./e164";

describe("checkNumber (the dialer's E.164 check)", () => {
  it("takes a + and 8 to 15 digits, dropping the separators people write", () => {
    expect(checkNumber("+15550100123")).toEqual({ ok: true, number: "+15550100123" });
    expect(checkNumber("+1 (555) 010-0123")).toEqual({ ok: true, number: "+15550100123" });
    expect(checkNumber(" +44 20.7946.0000 ")).toEqual({ ok: true, number: "+442079460000" });
    expect(checkNumber("+12345678")).toMatchObject({ ok: true }); // 8 digits
    expect(checkNumber("+123456789012345")).toMatchObject({ ok: true }); // 15
  });

  it("says a number is short while it may still become one (incomplete), not wrong", () => {
    expect(checkNumber("")).toMatchObject({ ok: false, severity: "incomplete", problem: expect.stringContaining("+ and the country code") });
    expect(checkNumber("+")).toMatchObject({ ok: false, severity: "incomplete", problem: "Now the country code and the number" });
    expect(checkNumber("+1")).toMatchObject({ ok: false, severity: "incomplete", problem: "Too short: 1 digit, a number has 8 to 15" });
    expect(checkNumber("+1555010")).toMatchObject({ ok: false, severity: "incomplete", problem: "Too short: 7 digits, a number has 8 to 15" });
  });

  it("says what is wrong with a number that cannot become one by typing on", () => {
    expect(checkNumber("5550100123")).toMatchObject({ severity: "invalid", problem: expect.stringMatching(/^Start with \+ and the country code .*not the bare number$/) });
    expect(checkNumber("07946000000")).toMatchObject({ severity: "invalid", problem: expect.stringContaining("not a trunk prefix 0") });
    expect(checkNumber("555-CALL")).toMatchObject({ severity: "invalid", problem: "Start with + and the country code, e.g. +15550100123" });
    expect(checkNumber("+1555*0100#")).toMatchObject({ severity: "invalid", problem: "Only digits after the +: remove “*”, “#”" });
    expect(checkNumber("+1555abc")).toMatchObject({ severity: "invalid", problem: "Only digits after the +: remove “a”, “b”, “c”" });
    expect(checkNumber("+1+555")).toMatchObject({ severity: "invalid", problem: "Only one +, at the start" });
    expect(checkNumber("+0445550100")).toMatchObject({ severity: "invalid", problem: expect.stringContaining("never starts with 0") });
    expect(checkNumber("+1234567890123456")).toMatchObject({ severity: "invalid", problem: "Too long: 16 digits, a number has at most 15" });
  });

  it("knows which party addresses can be called back", () => {
    expect(isDiallable("+15550100123")).toBe(true);
    expect(isDiallable("visitor_0123456789")).toBe(false);
    expect(isDiallable(null)).toBe(false);
  });
});
