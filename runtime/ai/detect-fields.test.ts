import { describe, expect, it } from "vitest";
import { detectFields } from "./detect-fields";

// A Monday.
const NOW = new Date("2026-12-07T16:00:00Z");

describe("detectFields", () => {
  it("finds what a lead-qualification chat mentions: email, phone, budget and a date", () => {
    const text =
      "Hi, I'm Dana Smith from Acme. You can reach me at dana.smith@acme-corp.co.uk or on +44 20 7946 0958. " +
      "Our budget is about £12,500 a year, and we'd like to start on 15 January 2027. My colleague is on (020) 7946-0000, email ops@acme-corp.co.uk.";
    expect(detectFields(text, NOW)).toEqual({
      emails: ["dana.smith@acme-corp.co.uk", "ops@acme-corp.co.uk"],
      phones: [
        { text: "+44 20 7946 0958", number: "+442079460958" },
        { text: "(020) 7946-0000", number: "02079460000" },
      ],
      amounts: [{ text: "£12,500", value: 12500, currency: "GBP" }],
      dates: [{ text: "15 January 2027", date: "2027-01-15" }],
    });
  });

  it("reads amounts written every common way, with their currency", () => {
    const { amounts } = detectFields("I was charged €42,50 twice, then $1,234.56, then 300 euros, USD 99 and 1.200,00 € on top; 20 quid for delivery.", NOW);
    expect(amounts).toEqual([
      { text: "€42,50", value: 42.5, currency: "EUR" },
      { text: "$1,234.56", value: 1234.56, currency: "USD" },
      { text: "300 euros", value: 300, currency: "EUR" },
      { text: "USD 99", value: 99, currency: "USD" },
      { text: "1.200,00 €", value: 1200, currency: "EUR" },
      { text: "20 quid", value: 20, currency: "GBP" },
    ]);
  });

  it("reads dates: ISO, day-first numbers, month names, and relative days against now", () => {
    const { dates } = detectFields("Delivered 2026-11-30? No: on 03/12/2026, not March 4th. Call me tomorrow or next Monday, or on Friday, not 31/02/2026; it broke last Tuesday, around the 12th of December.", NOW);
    expect(dates).toEqual([
      { text: "2026-11-30", date: "2026-11-30" },
      { text: "03/12/2026", date: "2026-12-03" },
      { text: "March 4th", date: "2027-03-04" },
      { text: "tomorrow", date: "2026-12-08" },
      { text: "next Monday", date: "2026-12-14" },
      { text: "on Friday", date: "2026-12-11" },
      { text: "31/02/2026", date: null },
      { text: "last Tuesday", date: "2026-12-01" },
      { text: "12th of December", date: "2026-12-12" },
    ]);
  });

  it("does not take account numbers, amounts, dates or order numbers for phone numbers, and lists each field once", () => {
    const fields = detectFields("My account number is 4471 2290, order A-1042, paid 1,500 dollars on 12/03/2026. Call 0044 161 496 0000 or 0044 161 496 0000. Mail x@y.io, x@y.io.", NOW);
    expect(fields.phones).toEqual([{ text: "0044 161 496 0000", number: "+441614960000" }]);
    expect(fields.emails).toEqual(["x@y.io"]);
    expect(fields.amounts).toEqual([{ text: "1,500 dollars", value: 1500, currency: "USD" }]);
    expect(fields.dates.map((date) => date.date)).toEqual(["2026-03-12"]);
  });

  it("finds nothing in a line without fields", () => {
    expect(detectFields("I would like to speak to someone about my bill, please.", NOW)).toEqual({ emails: [], phones: [], amounts: [], dates: [] });
  });
});
