import { describe, expect, it } from "vitest";
import { keepMaskedSecrets, maskCredentials, maskSecret } from "./mask-credentials";

describe("masking credentials", () => {
  it("shows the last 4 characters of a secret, none of a short one", () => {
    expect(maskSecret("f00dfeedcafe0123456789abcdef1234")).toBe("••••••1234");
    expect(maskSecret("short-secret")).toBe("••••••cret");
    expect(maskSecret("tiny")).toBe("••••••");
  });

  it("masks the type's secret fields and shows identifiers", () => {
    expect(maskCredentials("twilio_voice", { accountSid: "AC0123", authToken: "f00dfeedcafe0123456789abcdef1234" })).toEqual({
      accountSid: "AC0123",
      authToken: "••••••1234",
    });
    expect(
      maskCredentials("whatsapp_cloud", { accessToken: "EAAG-long-access-token-9876", appSecret: "0123456789abcdef", verifyToken: "verify-me-please", phoneNumberId: "10987654321" }),
    ).toEqual({ accessToken: "••••••9876", appSecret: "••••••cdef", verifyToken: "••••••ease", phoneNumberId: "10987654321" });
  });

  it("keeps the stored secret for a masked value sent back, and takes new values", () => {
    const stored = { accountSid: "AC1", authToken: "old-token-0123456789" };
    expect(keepMaskedSecrets("twilio_voice", { accountSid: "AC2", authToken: "••••••6789" }, stored)).toEqual({ accountSid: "AC2", authToken: "old-token-0123456789" });
    expect(keepMaskedSecrets("twilio_voice", { accountSid: "AC1", authToken: "new-token-9876543210" }, stored)).toEqual({ accountSid: "AC1", authToken: "new-token-9876543210" });
    // Only secret fields are ever masked: a "masked" identifier is a mistake and stays one.
    expect(keepMaskedSecrets("twilio_voice", { accountSid: "••••••", authToken: "••••••" }, stored)).toEqual({ accountSid: "••••••", authToken: "old-token-0123456789" });
  });
});
