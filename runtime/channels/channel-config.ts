import { z } from "zod";
import { CHANNEL_STATUSES, CHANNEL_TYPES } from "../../drizzle/channel-enums";

export const ChannelType = z.enum(CHANNEL_TYPES).meta({ id: "ChannelType" });
export type ChannelType = z.infer<typeof ChannelType>;

export const ChannelStatus = z
  .enum(CHANNEL_STATUSES)
  .describe("setup: saved, no verified webhook yet; active: verified webhooks arrive; inactive: disabled; error: see statusMessage");
export type ChannelStatus = z.infer<typeof ChannelStatus>;

const token = (min: number, max: number, what: string) => z.string().trim().min(min, `${what} is at least ${min} characters`).max(max);

export const TwilioCredentials = z.strictObject({
  accountSid: z
    .string()
    .trim()
    .regex(/^AC[0-9a-fA-F]{32}$/, "a Twilio Account SID is AC followed by 32 hex digits"),
  authToken: token(16, 128, "the auth token"),
});

export const WhatsAppCloudCredentials = z.strictObject({
  accessToken: token(16, 1024, "the access token"),
  appSecret: token(16, 256, "the app secret"),
  verifyToken: token(8, 256, "the verify token"),
  phoneNumberId: z
    .string()
    .trim()
    .regex(/^[0-9]{5,32}$/, "the phone number id is the number's numeric id in the WhatsApp Business account"),
});

export const TelegramCredentials = z.strictObject({
  botToken: z
    .string()
    .trim()
    .regex(/^[0-9]+:[A-Za-z0-9_-]{30,}$/, "a bot token looks like 123456:ABC-DEF… (from @BotFather)"),
  secretToken: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, "16 to 256 characters of A-Z a-z 0-9 _ -"),
});

export const WebchatCredentials = z.strictObject({});

export const PhoneNumber = z
  .string()
  .trim()
  .regex(/^\+[1-9][0-9]{6,14}$/, "a phone number in E.164 form, e.g. +15550001234");

/** An origin such as `https://www.acme.example` (scheme, host, port; no path). */
const Origin = z.string().refine((value) => URL.canParse(value) && new URL(value).origin === value, "an origin such as https://www.acme.example (no path, no trailing slash)");

export const TwilioVoiceSettings = z.strictObject({
  phoneNumber: PhoneNumber.optional().describe("The Twilio number, shown in the UI"),
  agentAudio: z
    .enum(["stream", "speech"])
    .optional()
    .describe("stream (default): an accepted caller is heard on the agent's softphone (Twilio Media Streams); speech: the text↔speech loop (agents without a softphone get it either way)"),
});
export const TwilioMessagingSettings = z.strictObject({ phoneNumber: PhoneNumber.optional(), whatsapp: z.boolean().optional().describe("The number sends WhatsApp through Twilio") });
/** WhatsApp Business calling: users' calls to the number run `flowId` (a voice flow) on the media plane; messages keep the channel's flow. */
export const WhatsAppCallingSettings = z
  .strictObject({
    enabled: z.boolean().describe("Answer users' WhatsApp calls (subscribe the app to the calls webhook field and enable calling on the number at Meta)"),
    flowId: z.string().trim().min(1).max(100).optional().describe("The voice flow that answers calls"),
  })
  .refine((calling) => !calling.enabled || calling.flowId !== undefined, { message: "name the voice flow that answers calls", path: ["flowId"] });
export const WhatsAppCloudSettings = z.strictObject({
  apiVersion: z
    .string()
    .regex(/^v[0-9]+\.[0-9]+$/, "a Graph API version such as v21.0")
    .optional(),
  calling: WhatsAppCallingSettings.optional(),
});
export const TelegramSettings = z.strictObject({});
export const WebchatSettings = z.strictObject({
  allowedOrigins: z.array(Origin).min(1, "list at least one origin allowed to embed the widget"),
  startOn: z
    .enum(["open", "first_message"])
    .optional()
    .describe("open (default): the flow starts and greets when the widget opens; first_message: it starts on the visitor's first message, kept as {{vars.last_message}} like on the other chat channels"),
});

export const WebvoiceCredentials = z.strictObject({});
export const WebvoiceSettings = z.strictObject({
  allowedOrigins: z.array(Origin).min(1, "list at least one origin allowed to embed the voice widget"),
});

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** 4 or 6 for an IP address, else 0 (no node:net: the web app validates channels with these schemas too). */
function ipVersion(value: string): 0 | 4 | 6 {
  if (IPV4.test(value)) return 4;
  return value.includes(":") && /^[0-9A-Fa-f:.]+$/.test(value) && URL.canParse(`http://[${value}]/`) ? 6 : 0;
}

/** A CIDR block (`203.0.113.0/24`, `2001:db8::/32`) or one address. */
const Cidr = z
  .string()
  .trim()
  .refine((value) => {
    const [address = "", bits, ...rest] = value.split("/");
    const version = ipVersion(address);
    if (version === 0 || rest.length > 0) return false;
    if (bits === undefined) return true;
    const n = Number(bits);
    return /^[0-9]{1,3}$/.test(bits) && n >= 0 && n <= (version === 4 ? 32 : 128);
  }, "an address or CIDR block such as 203.0.113.0/24");

/** A SIP host: a DNS name or an address, with an optional port (`sip.carrier.example`, `203.0.113.5:5080`). */
const SipHost = z
  .string()
  .trim()
  .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?$/, "a host name or address, optionally with :port");

export const SipTrunkCredentials = z.strictObject({
  username: z.string().trim().min(1).max(128).optional(),
  password: z.string().min(1).max(256).optional(),
});
export const SipTrunkSettings = z
  .strictObject({
    /** The trunk's SIP domain: the host part of our From and of the numbers we call (`sip:+1555…@domain`). */
    domain: SipHost,
    /** Where to REGISTER (digest authentication with the credentials); without it the trunk authenticates us by address. */
    registrar: SipHost.optional(),
    /** Where to send outbound requests when it is not `domain` (a carrier's SBC). */
    outboundProxy: SipHost.optional(),
    /** Addresses the carrier's INVITEs come from (IP authentication); an INVITE from anyone else gets 403. */
    inboundAddresses: z.array(Cidr).max(64).optional(),
    /** The numbers this trunk answers (E.164); a call to a number no channel owns gets 404. Empty: every number. */
    numbers: z.array(PhoneNumber).max(1000).optional(),
    transport: z.enum(["udp", "tcp", "tls"]).default("udp"),
    /** G.711 codecs offered and accepted, in order of preference. */
    codecs: z.array(z.enum(["PCMU", "PCMA"])).min(1).max(2).optional(),
    /** SRTP (SDES) for the media, only with transport tls. */
    srtp: z.boolean().optional(),
    /** Ask the carrier OPTIONS every 30 s (its health on the channel, and a NAT keepalive); false for carriers that do not answer OPTIONS. Default true. */
    optionsKeepalive: z.boolean().optional(),
  })
  .refine((settings) => settings.srtp !== true || settings.transport === "tls", { message: "SRTP needs transport tls (its keys travel in the SDP)", path: ["srtp"] })
  .refine((settings) => settings.registrar !== undefined || (settings.inboundAddresses ?? []).length > 0, {
    message: "give a registrar (the trunk registers) or inboundAddresses (the carrier's INVITEs are accepted by address)",
    path: ["inboundAddresses"],
  });

const member = <T extends ChannelType, C extends z.ZodType, S extends z.ZodType>(type: T, credentials: C, settings: S) =>
  z.object({ type: z.literal(type), credentials, settings });

/**
 * What differs per channel type: its credentials and settings. The one place that says which
 * fields a type needs (the API validates with it; drivers read the parsed result).
 */
export const ChannelConfig = z.discriminatedUnion("type", [
  member("twilio_voice", TwilioCredentials, TwilioVoiceSettings.prefault({})),
  member("twilio_messaging", TwilioCredentials, TwilioMessagingSettings.prefault({})),
  member("whatsapp_cloud", WhatsAppCloudCredentials, WhatsAppCloudSettings.prefault({})),
  member("telegram", TelegramCredentials, TelegramSettings.prefault({})),
  member("webchat", WebchatCredentials.prefault({}), WebchatSettings.prefault({ allowedOrigins: [] })),
  member("webvoice", WebvoiceCredentials.prefault({}), WebvoiceSettings.prefault({ allowedOrigins: [] })),
  member("sip_trunk", SipTrunkCredentials.prefault({}), SipTrunkSettings),
]);
export type ChannelConfig = z.infer<typeof ChannelConfig>;

/** Credential fields that are secrets: masked in every answer. The others (account SID, phone number id) are identifiers. */
export const SECRET_FIELDS: Record<ChannelType, readonly string[]> = {
  twilio_voice: ["authToken"],
  twilio_messaging: ["authToken"],
  whatsapp_cloud: ["accessToken", "appSecret", "verifyToken"],
  telegram: ["botToken", "secretToken"],
  webchat: [],
  webvoice: [],
  sip_trunk: ["password"],
};

/** Whether the type's conversations are calls or chats. */
export const CHANNEL_KINDS: Record<ChannelType, "voice" | "chat"> = {
  twilio_voice: "voice",
  twilio_messaging: "chat",
  whatsapp_cloud: "chat",
  telegram: "chat",
  webchat: "chat",
  webvoice: "voice",
  sip_trunk: "voice",
};

/** A stored channel with its credentials opened: what drivers work with. Never sent to a client as is. */
export type Channel = ChannelConfig & {
  id: string;
  name: string;
  flowId: string;
  enabled: boolean;
  status: ChannelStatus;
  statusMessage: string | null;
  createdAt: number;
  updatedAt: number;
};

/** The channel of one type. */
export type ChannelOf<T extends ChannelType> = Extract<Channel, { type: T }>;
