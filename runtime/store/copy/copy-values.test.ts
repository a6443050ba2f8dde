import { describe, expect, it } from "vitest";
import { hashForm, toPostgres, UnconvertibleValue } from "./copy-values";

describe("a SQLite value on its way to PostgreSQL", () => {
  it("turns 0/1 flags into booleans, integers into exact decimal text (past 2^53 too), and leaves text and NULL alone", () => {
    expect(toPostgres("flag", "enabled", 1n)).toBe(true);
    expect(toPostgres("flag", "enabled", 0n)).toBe(false);
    expect(toPostgres("integer", "created_at", 1_931_246_815_823n)).toBe("1931246815823");
    expect(toPostgres("integer", "big", 9_007_199_254_740_993n)).toBe("9007199254740993");
    expect(toPostgres("text", "state", '{"a":1}')).toBe('{"a":1}');
    expect(toPostgres("integer", "ended_at", null)).toBeNull();
  });

  it("sends a fraction (a sentiment score) as the text that reads back to the same double", () => {
    expect(toPostgres("fraction", "sentiment", -0.6249)).toBe("-0.6249");
    expect(Number(toPostgres("fraction", "sentiment", 0.1 + 0.2))).toBe(0.1 + 0.2);
    expect(toPostgres("fraction", "sentiment", 1)).toBe("1");
    expect(() => toPostgres("fraction", "sentiment", Number.NaN)).toThrow(UnconvertibleValue);
  });

  it("refuses what it would have to guess: a flag of 2, a fraction in an integer column, a blob", () => {
    expect(() => toPostgres("flag", "enabled", 2n)).toThrow(UnconvertibleValue);
    expect(() => toPostgres("integer", "size", 1.5)).toThrow(/column size: cannot convert number 1.5/);
    expect(() => toPostgres("text", "body", Buffer.from("x"))).toThrow(/a blob of 1 bytes/);
  });
});

describe("a value's form in a table's content hash", () => {
  it("is the same for SQLite's and PostgreSQL's way of giving it back", () => {
    expect(hashForm("flag", 1n)).toBe(hashForm("flag", true));
    expect(hashForm("flag", 0n)).toBe(hashForm("flag", false));
    // int4 comes back from postgres.js as a number, int8 as text.
    expect(hashForm("integer", 42n)).toBe(hashForm("integer", 42));
    expect(hashForm("integer", 1_931_246_815_823n)).toBe(hashForm("integer", "1931246815823"));
    expect(hashForm("text", null)).toBe(hashForm("text", undefined));
    // double precision comes back as a number; SQLite's real too.
    expect(hashForm("fraction", 0.1 + 0.2)).toBe(hashForm("fraction", "0.30000000000000004"));
  });

  it("differs when the values differ, or when one has the wrong shape", () => {
    expect(hashForm("flag", 1n)).not.toBe(hashForm("flag", false));
    expect(hashForm("integer", 42n)).not.toBe(hashForm("integer", 43));
    expect(hashForm("flag", 2n)).not.toBe(hashForm("flag", true));
    expect(hashForm("text", 7)).not.toBe(hashForm("text", "7"));
    expect(hashForm("integer", "")).not.toBe(hashForm("integer", null));
    expect(hashForm("fraction", 0.5)).not.toBe(hashForm("fraction", 0.50001));
    expect(hashForm("fraction", "")).not.toBe(hashForm("fraction", null));
  });
});
