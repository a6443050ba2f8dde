import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

describe("CSV export", () => {
  it("writes RFC 4180: CRLF rows, quoted fields with commas, quotes and line breaks, empty for null", () => {
    expect(toCsv(["Agent", "Conversations", "Occupancy"], [["Ana, senior", 12, "81.5%"], ['Bob "B"', 0, null], ["Line\nbreak", 3.5, "x"]])).toBe(
      'Agent,Conversations,Occupancy\r\n"Ana, senior",12,81.5%\r\n"Bob ""B""",0,\r\n"Line\nbreak",3.5,x\r\n',
    );
  });

  it("keeps a spreadsheet from running a name as a formula", () => {
    expect(toCsv(["Agent"], [["=HYPERLINK(\"http://x\")"], ["@SUM(1)"], ["+1"], ["-2"]])).toBe("Agent\r\n\"'=HYPERLINK(\"\"http://x\"\")\"\r\n'@SUM(1)\r\n'+1\r\n'-2\r\n");
  });
});
