import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { configFromEnv } from "../config";
import { channelSettings } from "./channel-settings";

describe("channel settings from the environment", () => {
  it("defaults to the providers' API base URLs and the key file", () => {
    expect(channelSettings(configFromEnv({ DATA_DIR: "/tmp/sb" }))).toEqual({
      secretKey: undefined,
      dataDir: "/tmp/sb",
      providerApis: { twilio: "https://api.twilio.com", whatsappGraph: "https://graph.facebook.com", telegram: "https://api.telegram.org" },
    });
  });

  it("takes SWITCHBOARD_SECRET_KEY and base URL overrides (trailing slash dropped)", () => {
    const key = randomBytes(32).toString("base64");
    const settings = channelSettings(configFromEnv({ SWITCHBOARD_SECRET_KEY: key, TWILIO_API_BASE_URL: "http://127.0.0.1:9999/", TELEGRAM_API_BASE_URL: "http://127.0.0.1:9998" }));
    expect(settings).toMatchObject({ secretKey: key, providerApis: { twilio: "http://127.0.0.1:9999", telegram: "http://127.0.0.1:9998" } });
  });

  it("refuses a key that is not 32 bytes, and a base URL that is not a URL, naming the variable", () => {
    expect(() => configFromEnv({ SWITCHBOARD_SECRET_KEY: randomBytes(16).toString("hex") })).toThrow(/^configuration: SWITCHBOARD_SECRET_KEY: must be 32 bytes/);
    expect(() => configFromEnv({ TWILIO_API_BASE_URL: "api.twilio.com" })).toThrow(/^configuration: TWILIO_API_BASE_URL:/);
  });
});
