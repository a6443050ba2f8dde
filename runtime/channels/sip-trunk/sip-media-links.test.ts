import { describe, expect, it } from "vitest";
import { infoDigit } from "./sip-media-links";

describe("keys sent by SIP INFO", () => {
  it("reads application/dtmf-relay (Signal=, any case, * and # or their event numbers) and application/dtmf", () => {
    expect(infoDigit("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n")).toBe("5");
    expect(infoDigit("Application/DTMF-Relay; charset=x", "signal= #\r\nDuration=100")).toBe("#");
    expect(infoDigit("application/dtmf-relay", "Signal=10\r\n")).toBe("*");
    expect(infoDigit("application/dtmf-relay", "Signal=11\r\n")).toBe("#");
    expect(infoDigit("application/dtmf", "7\r\n")).toBe("7");
  });

  it("ignores other bodies and anything that is not one key", () => {
    expect(infoDigit("application/media_control+xml", "<media_control/>")).toBeUndefined();
    expect(infoDigit(undefined, "Signal=5")).toBeUndefined();
    expect(infoDigit("application/dtmf-relay", "Signal=55")).toBeUndefined();
    expect(infoDigit("application/dtmf-relay", "Duration=160")).toBeUndefined();
  });
});
