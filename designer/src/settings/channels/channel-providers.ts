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
  /** May be left empty (then it is not sent at all). */
  optional?: boolean;
}

/** One choice of a `select` or `order` setting. */
export interface SettingOption {
  value: string;
  label: string;
}

/** A setting of the channel (not a secret). */
export type SettingField =
  | { key: string; kind: "text"; label: string; help: string; placeholder: string }
  | { key: string; kind: "checkbox"; label: string; help: string }
  /** A list, one item per line (allowed origins, addresses, numbers); `optional`: an empty list is not sent. */
  | { key: string; kind: "lines"; label: string; help: string; placeholder: string; optional?: boolean }
  | { key: "startOn"; kind: "choice"; label: string; choices: readonly Choice<StartOn>[]; default: StartOn }
  | { key: string; kind: "select"; label: string; help: string; options: readonly SettingOption[]; default: string }
  /** Some of the options, in order of preference (a trunk's codecs). */
  | { key: string; kind: "order"; label: string; help: string; options: readonly SettingOption[]; default: readonly string[] }
  /** WhatsApp calling (`settings.calling: {enabled, flowId}`): a checkbox and, when ticked, the published flow that answers calls. */
  | { key: "calling"; kind: "calling"; label: string; help: string; flowLabel: string; flowHelp: string };

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
    settings: [
      PHONE_NUMBER,
      {
        key: "agentAudio",
        kind: "select",
        label: "Agents talk to callers",
        help: "By voice: an accepted caller is heard on the agent's softphone (agents without one get text and speech). Text and speech: the caller's words are transcribed for the agent, and the agent's messages are read out.",
        options: [
          { value: "stream", label: "By voice (softphone)" },
          { value: "speech", label: "Text and speech" },
        ],
        default: "stream",
      },
    ],
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
    settings: [
      { key: "apiVersion", kind: "text", label: "Graph API version (optional)", help: "Leave empty for the server's default, or pin a version such as v21.0.", placeholder: "v21.0" },
      {
        key: "calling",
        kind: "calling",
        label: "Take WhatsApp calls",
        help: "Users who press the call button in WhatsApp reach a voice flow (messages keep the channel's flow). Enable calling on the number at Meta, and subscribe the app to the calls webhook field.",
        flowLabel: "Flow for calls",
        flowHelp: "The voice flow that answers WhatsApp calls: its published version runs, and it can transfer the caller to an agent.",
      },
    ],
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
        kind: "lines",
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
        kind: "lines",
        label: "Allowed origins",
        help: "The websites that may embed the call button, one per line: scheme and host (and port), no path, no trailing slash. Other sites cannot place a call.",
        placeholder: "https://www.acme.example",
      },
    ],
  },
  {
    type: "sip_trunk",
    label: "SIP trunk",
    summary: "Phone calls in and out through your carrier's SIP trunk or your own PBX",
    needs:
      "From your carrier: the trunk's SIP domain, its registrar (if it registers you) or the addresses its calls come from, your numbers in E.164 form and the transport; the username and password if it authenticates you.",
    defaultName: "SIP trunk",
    credentials: [
      {
        key: "username",
        label: "Username (optional)",
        help: "The SIP username (authorization user) your carrier gave you for registration and outbound calls. Leave empty for a trunk that knows you by your address.",
        secret: false,
        optional: true,
        placeholder: "switchboard",
      },
      {
        key: "password",
        label: "Password (optional)",
        help: "The SIP password for that username (digest authentication). Stored sealed, never shown again.",
        secret: true,
        optional: true,
      },
    ],
    settings: [
      {
        key: "domain",
        kind: "text",
        label: "SIP domain",
        help: "The carrier's SIP domain or address, optionally with :port: the host of the numbers we call (sip:+1555…@domain).",
        placeholder: "sip.carrier.example",
      },
      {
        key: "registrar",
        kind: "text",
        label: "Registrar (optional)",
        help: "Where Switchboard registers with the username and password, when the carrier wants registration. Leave empty for a trunk that authenticates by address (then list its addresses below).",
        placeholder: "registrar.carrier.example:5060",
      },
      {
        key: "outboundProxy",
        kind: "text",
        label: "Outbound proxy (optional)",
        help: "Where outbound calls are sent when it is not the domain (a carrier's SBC).",
        placeholder: "sbc.carrier.example",
      },
      {
        key: "inboundAddresses",
        kind: "lines",
        optional: true,
        label: "Carrier addresses",
        help: "The addresses the carrier's calls come from, one per line: an address or a CIDR block. Calls from anyone else are refused (403). Needed when there is no registrar.",
        placeholder: "203.0.113.0/24",
      },
      {
        key: "numbers",
        kind: "lines",
        optional: true,
        label: "Numbers",
        help: "The numbers of this trunk in E.164 form, one per line: calls to them run this channel's flow. Empty: every number the trunk sends.",
        placeholder: "+15550001234",
      },
      {
        key: "transport",
        kind: "select",
        label: "Transport",
        help: "How SIP travels to the carrier: UDP (most trunks), TCP, or TLS (encrypted; needed for SRTP).",
        options: [
          { value: "udp", label: "UDP" },
          { value: "tcp", label: "TCP" },
          { value: "tls", label: "TLS" },
        ],
        default: "udp",
      },
      {
        key: "codecs",
        kind: "order",
        label: "Codecs",
        help: "The G.711 codecs offered and accepted, in order of preference: μ-law (PCMU) in North America and Japan, A-law (PCMA) elsewhere.",
        options: [
          { value: "PCMU", label: "PCMU (G.711 μ-law)" },
          { value: "PCMA", label: "PCMA (G.711 A-law)" },
        ],
        default: ["PCMU", "PCMA"],
      },
      { key: "srtp", kind: "checkbox", label: "Encrypt the audio (SRTP)", help: "Only with transport TLS: the keys travel in the signalling (SDES)." },
    ],
  },
];

/** The provider of a channel type. */
export function providerOf(type: ChannelType): Provider {
  const provider = PROVIDERS.find((candidate) => candidate.type === type);
  if (provider === undefined) throw new Error(`no provider for channel type ${type}`);
  return provider;
}
