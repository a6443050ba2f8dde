import { describe, expect, it } from "vitest";
import { DigitCollector } from "./digit-collector";

const menu = { type: "collect", nodeId: "main", token: "t1", mode: "menu", input: "dtmf", timeoutSeconds: 5 } as const;
const gather = { type: "collect", nodeId: "acct", token: "t2", mode: "digits", input: "dtmf", timeoutSeconds: 5, minDigits: 4, maxDigits: 6, terminator: "#" } as const;

describe("DigitCollector", () => {
  it("a menu takes the first key", () => {
    expect(new DigitCollector(menu).key("2")).toEqual({ kind: "complete", digits: "2" });
  });

  it("a gather collects until the terminator, which is kept for the engine to cut", () => {
    const collector = new DigitCollector(gather);
    expect(collector.key("1")).toEqual({ kind: "more" });
    expect(collector.key("2")).toEqual({ kind: "more" });
    expect(collector.partial).toBe("12");
    expect(collector.key("#")).toEqual({ kind: "complete", digits: "12#" });
  });

  it("a gather completes at maxDigits", () => {
    const collector = new DigitCollector(gather);
    for (const digit of "12345") expect(collector.key(digit)).toEqual({ kind: "more" });
    expect(collector.key("6")).toEqual({ kind: "complete", digits: "123456" });
  });

  it("a gather without a terminator or maximum keeps collecting (the silence timer ends it)", () => {
    const collector = new DigitCollector({ ...gather, terminator: undefined, maxDigits: undefined });
    for (const digit of "12345678#") expect(collector.key(digit)).toEqual({ kind: "more" });
    expect(collector.partial).toBe("12345678#");
  });
});
