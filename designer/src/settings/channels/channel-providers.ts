import type { z } from "zod";
import type { ChannelType, WebchatSettings } from "../../../../runtime/channels/channel-config";
import type { Choice } from "./choice-field";

/** When a web chat's flow starts (`settings.startOn`; absent means "open"). */
export type StartOn = NonNullable<z.infer<typeof WebchatSettings>["startOn"]>;

/** One credential the provider gives (or the admin chooses), with where to find it. */
export interface CredentialField {
  key: string;
  label: string;
  /** Where to find the value at the provider. */
  help: string;
  /** Masked in every answer; a masked value sent back keeps the stored one. */
  secret: boolean;
  placeholder?: string;
  /** Switchboard can make one up (a verify token, a secret token). */
  generate?: boolean;
}

/** A setting of the channel (not a secret). */
export type SettingField =
  | { key: "phoneNumber"; kind: "text"; label: string; help: string; placeholder: string }
  | { key: "apiVersion"; kind: "text"; label: string; help: string; placeholder: string }
  | { key: "whatsapp"; kind: "checkbox"; label: string; help: string }
  | { key: "allowedOrigins"; kind: "origins"; label: string; help: string; placeholder: string }
  | { key: "startOn"; kind: "choice"; label: string; choices: readonly Choice<StartOn>[]; default: StartOn };

export interface Provider {
  type: ChannelType;
  label: string;
  /** Who the provider connects, in a few words. */
  summary: string;
  /** What the admin needs at hand before starting. */
  needs: string;
  /** A sensible default channel name. */
  defaultName: string;
  credentials: readonly CredentialField[];
  settings: readonly SettingField[];
}

const TWILIO_CREDENTIALS: readonly CredentialField[] = [
  {
    key: "accountSid",
    label: "Account SID",
    help: "Twilio Console → Account Info (on the dashboard, or Account → API keys & tokens). It starts with AC.",
    secret: false,
    placeholder: "AC…",
  },
  {
    key: "authToken",
    label: "Auth Token",
    help: "Twilio Console → Account Info → Auth Token (click Show). Twilio signs every webhook with it, so it must be the live token of this account.",
    secret: true,
  },
];

const PHONE_NUMBER: SettingField = {
  key: "phoneNumber",
  kind: "text",
  label: "Phone number (optional)",
  help: "The Twilio number in E.164 form, shown in the list so you know which number this is.",
  placeholder: "+15550001234",
};

/** The providers a channel can connect, in the order the "Add channel" form offers them. */
export const PROVIDERS: readonly Provider[] = [
  {
    type: "twilio_voice",
    label: "Twilio voice",
    summary: "Phone calls to a Twilio number",
    needs: "Your Twilio Account SID and Auth Token, and a Twilio phone number that can take calls.",
    defaultName: "Phone line",
    credentials: TWILIO_CREDENTIALS,
    settings: [PHONE_NUMBER],
  },
  {
    type: "twilio_messaging",
    label: "Twilio SMS / WhatsApp",
    summary: "Text messages, or WhatsApp through Twilio",
    needs: "Your Twilio Account SID and Auth Token, and a Twilio number (or WhatsApp sender) that can receive messages.",
    defaultName: "SMS line",
    credentials: TWILIO_CREDENTIALS,
    settings: [
      PHONE_NUMBER,
      { key: "whatsapp", kind: "checkbox", label: "This is a WhatsApp sender", help: "Tick it when the number sends WhatsApp messages through Twilio rather than SMS." },
    ],
  },
  {
    type: "whatsapp_cloud",
    label: "WhatsApp Cloud API",
    summary: "WhatsApp through Meta's Cloud API",
    needs: "A Meta app with the WhatsApp product: its app secret, an access token, the phone number id, and a verify token you choose.",
    defaultName: "WhatsApp",
    credentials: [
      {
        key: "phoneNumberId",
        label: "Phone number ID",
        help: "Meta for Developers → your app → WhatsApp → API Setup: the “Phone number ID” under the sending number (digits only, not the phone number itself).",
        secret: false,
        placeholder: "106540352242922",
      },
      {
        key: "accessToken",
        label: "Access token",
        help: "A permanent token of a System User (Business settings → Users → System users → Generate new token, with whatsapp_business_messaging). The temporary token on API Setup expires after 24 hours.",
        secret: true,
      },
      {
        key: "appSecret",
        label: "App secret",
        help: "Meta for Developers → your app → App settings → Basic → App secret (click Show). Meta signs every webhook with it (X-Hub-Signature-256).",
        secret: true,
      },
      {
        key: "verifyToken",
        label: "Verify token",
        help: "Any text you choose (8 characters at least), or generate one. You paste it beside the callback URL in WhatsApp → Configuration, and Meta sends it back once to verify the webhook.",
        secret: true,
        generate: true,
      },
    ],
    settings: [{ key: "apiVersion", kind: "text", label: "Graph API version (optional)", help: "Leave empty for the server's default, or pin a version such as v21.0.", placeholder: "v21.0" }],
  },
  {
    type: "telegram",
    label: "Telegram",
    summary: "A Telegram bot",
    needs: "A bot token from @BotFather. Switchboard generates the secret token Telegram sends back with every update.",
    defaultName: "Telegram bot",
    credentials: [
      {
        key: "botToken",
        label: "Bot token",
        help: "In Telegram, message @BotFather: /newbot creates a bot (/token shows the token of an existing one). Copy the token it replies, like 123456789:AAE….",
        secret: true,
        placeholder: "123456789:AA…",
      },
      {
        key: "secretToken",
        label: "Secret token",
        help: "Telegram sends it in X-Telegram-Bot-Api-Secret-Token with every update, so nobody else can post to the webhook. 16 to 256 of A–Z a–z 0–9 _ -; generated for you.",
        secret: true,
        generate: true,
      },
    ],
    settings: [],
  },
  {
    type: "webchat",
    label: "Web chat",
    summary: "A chat bubble on your website",
    needs: "Only the addresses of the websites that will embed the chat bubble.",
    defaultName: "Website chat",
    credentials: [],
    settings: [
      {
        key: "allowedOrigins",
        kind: "origins",
        label: "Allowed origins",
        help: "The websites that may embed the widget, one per line: scheme and host (and port), no path, no trailing slash. Other sites cannot open a chat.",
        placeholder: "https://www.acme.example",
      },
      {
        key: "startOn",
        kind: "choice",
        label: "When the flow starts",
        default: "open",
        choices: [
          { value: "open", label: "When the chat opens", help: "Start the flow when the visitor opens the chat" },
          { value: "first_message", label: "On the visitor's first message", help: "Wait for the visitor's first message (it becomes {{vars.last_message}})" },
        ],
      },
    ],
  },
  {
    type: "webvoice",
    label: "Browser voice",
    summary: "A call button on your website: visitors call from the browser",
    needs: "Only the addresses of the websites that will embed the call button. Visitors need a microphone; the page must be https.",
    defaultName: "Website voice",
    credentials: [],
    settings: [
      {
        key: "allowedOrigins",
        kind: "origins",
        label: "Allowed origins",
        help: "The websites that may embed the call button, one per line: scheme and host (and port), no path, no trailing slash. Other sites cannot place a call.",
        placeholder: "https://www.acme.example",
      },
    ],
  },
];

/** The provider of a channel type. */
export function providerOf(type: ChannelType): Provider {
  const provider = PROVIDERS.find((candidate) => candidate.type === type);
  if (provider === undefined) throw new Error(`no provider for channel type ${type}`);
  return provider;
}
