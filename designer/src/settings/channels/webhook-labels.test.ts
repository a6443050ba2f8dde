import { describe, expect, it } from "vitest";
import { embedSnippet, isWidgetChannel, publicBaseOf, webhookLabel } from "./webhook-labels";

describe("what the connect step calls each URL", () => {
  it("names Twilio voice's URLs as the Twilio console does", () => {
    const voice = { type: "twilio_voice" as const, webhookUrls: { voice: "https://sb.example/webhooks/twilio/voice/c1", statusCallback: "https://sb.example/webhooks/twilio/voice/c1/status" } };
    expect(webhookLabel(voice, "voice")).toBe("A call comes in");
    expect(webhookLabel(voice, "statusCallback")).toBe("Call status changes");
  });

  it("calls a single URL by the provider's field name, other keys by their words", () => {
    expect(webhookLabel({ type: "whatsapp_cloud", webhookUrls: { anything: "https://sb.example/webhooks/whatsapp/c2" } }, "anything")).toBe("Callback URL");
    expect(webhookLabel({ type: "telegram", webhookUrls: { webhook: "u", other: "v" } }, "webhook")).toBe("Webhook URL");
    expect(webhookLabel({ type: "twilio_messaging", webhookUrls: { messaging: "u", statusCallback: "v", fallbackUrl: "w" } }, "fallbackUrl")).toBe("Fallback Url");
    expect(webhookLabel({ type: "twilio_messaging", webhookUrls: { messaging: "u", statusCallback: "v" } }, "statusCallback")).toBe("Status callback URL");
  });
});

describe("the web chat embed snippet", () => {
  it("uses PUBLIC_URL read off the channel's URLs (with its path prefix), else the page's origin", () => {
    expect(publicBaseOf({ webhookUrls: { socket: "wss://chat.acme.example/switchboard/ws/webchat/c3" } }, "http://page")).toBe("https://chat.acme.example/switchboard");
    expect(embedSnippet({ id: "c3", type: "webchat", webhookUrls: {} }, "http://127.0.0.1:3000")).toBe('<script src="http://127.0.0.1:3000/widget.js" data-channel="c3"></script>');
    expect(embedSnippet({ id: "c3", type: "webchat", webhookUrls: { widget: "https://sb.example/widget.js" } }, "http://page")).toBe('<script src="https://sb.example/widget.js" data-channel="c3"></script>');
  });

  it("names a browser voice channel with data-voice-channel (the call button), read off its socket URL", () => {
    const voice = { id: "v1", type: "webvoice" as const, webhookUrls: { socket: "wss://sb.example/switchboard/ws/webvoice/v1" } };
    expect(embedSnippet(voice, "http://page")).toBe('<script src="https://sb.example/switchboard/widget.js" data-voice-channel="v1"></script>');
    expect(isWidgetChannel("webvoice")).toBe(true);
    expect(isWidgetChannel("webchat")).toBe(true);
    expect(isWidgetChannel("telegram")).toBe(false);
  });
});
