import type { Effect, SessionState } from "../engine/index";
import type { Rooms } from "../rooms/rooms";
import type { SessionRunner } from "../sessions/session-runner";
import type { Store } from "../store/open-store";
import type { Channel, ChannelOf, ChannelType } from "./channel-config";
import type { ChannelService } from "./channel-service";

/**
 * What a channel renders natively. The runtime adapts the rest: a menu on a channel without
 * buttons (or with fewer than it has options) becomes numbered text (`chat-message.ts`).
 */
export interface ChannelCapabilities {
  /** Spoken prompts (TTS or audio). */
  voice: boolean;
  /** Keypad input. */
  dtmf: boolean;
  /** Speech recognition. */
  speech: boolean;
  /** Tappable replies (WhatsApp reply buttons, Telegram inline keyboards, web chat buttons). */
  buttons: boolean;
  /** Typed messages. */
  freeText: boolean;
  /** Most buttons one message can carry (WhatsApp: 3); a menu with more falls back to numbered text. */
  maxButtons?: number;
  /** Longest button label (WhatsApp: 20); longer labels fall back to a list, then numbered text. */
  maxButtonLabel?: number;
  /** A tappable list (WhatsApp list message): most rows; a menu too big for buttons but within this is sent as a list. */
  maxListRows?: number;
  /** Longest list row title (WhatsApp: 24). */
  maxListRowTitle?: number;
}

/** A webhook request as it arrived: drivers verify and parse it. */
/** Reads a request header by name, case-insensitively, as `Headers.get` does (a `Headers` is one). */
export interface HeaderReader {
  get(name: string): string | null;
}

export interface WebhookRequest {
  method: string;
  /** The part of the path after the channel id: "" for the main webhook, "gather", "status"… */
  route: string;
  /** `PUBLIC_URL` + path + query: the URL the provider requested, hence signed (never the Host header). */
  url: string;
  query: URLSearchParams;
  headers: HeaderReader;
  /** The body as text (UTF-8): the inbound log stores it. */
  body: string;
  /** The body's bytes exactly as received: what byte-level signatures cover (WhatsApp's X-Hub-Signature-256). */
  bytes: Uint8Array;
}

/** What the runtime answers the provider. */
export interface WebhookReply {
  status: number;
  contentType: string;
  body: string;
}

/** A verified request, read by its driver. */
export interface ParsedWebhook<P> {
  /**
   * The inbound log's key, unique per channel: the same provider event always gets the same id, so
   * a retry or replay is recognised (Twilio `${CallSid}:start`, `${CallSid}:${token}`; Telegram
   * `update_id`; WhatsApp message id).
   */
  providerEventId: string;
  /** The driver's reading of the request, handed back to `process`. */
  payload: P;
}

export type ParseResult<P> = { ok: true; webhook: ParsedWebhook<P> } | { ok: false; message: string };

/** What `process` did: the answer, and the session it went to (stored with the inbound event). */
export interface Processed {
  reply: WebhookReply;
  sessionId?: string;
  /** A configuration problem the event revealed (e.g. the flow has no published version): the channel's status becomes `error` with this message. */
  problem?: string;
}

/** Provider API base URLs (`TWILIO_API_BASE_URL`, `WHATSAPP_GRAPH_BASE_URL`, `TELEGRAM_API_BASE_URL`). */
export interface ProviderApis {
  twilio: string;
  whatsappGraph: string;
  telegram: string;
}

/** What drivers use of agent rooms: customers' words go to the conversation they are in; voice legs join, leave and end it. */
export type DriverRooms = Pick<Rooms, "postCustomerMessage" | "postParticipantMessage" | "participantNote" | "agentNote" | "closeForSession">;

/** The runtime a driver works in. */
export interface DriverContext {
  runner: SessionRunner;
  store: Pick<Store, "sessions" | "timers" | "inbound" | "flows" | "rooms" | "users" | "teams" | "calls" | "sessionRecordings">;
  channels: ChannelService;
  /** Agent rooms; absent when the server runs without them (chat messages then always go to the flow). */
  rooms?: DriverRooms;
  /** `PUBLIC_URL`, without a trailing slash: callback URLs in answers are built from it. */
  publicUrl: string;
  providerApis: ProviderApis;
  log(line: string): void;
}

/**
 * One provider integration. A webhook goes through the same pipeline for every driver
 * (`handle-webhook.ts`): find the channel → `parse` (400, nothing stored) → `verify` (403,
 * nothing stored) → disabled? `disabled()` → record the inbound event (a duplicate gets the stored
 * answer via `replay`) → `process` → store the answer → reply. Effects that happen outside a
 * request (timers, agents) reach the provider through `push`.
 *
 * Methods (not function properties) on purpose: a driver for one type and payload is usable
 * wherever `ChannelDriver<ChannelType, unknown>` is expected.
 */
export interface ChannelDriver<T extends ChannelType, P> {
  readonly type: T;
  readonly kind: "voice" | "chat";
  readonly capabilities: ChannelCapabilities;
  /** Where its webhooks live: `/webhooks/<webhookPath>/:channelId[/<route>]`, e.g. "twilio/voice". */
  readonly webhookPath: string;
  /** The routes it answers after the channel id ("" is the main webhook); others are 404. */
  readonly routes: readonly string[];
  /**
   * Check `verify` before `parse` (WhatsApp, Telegram: the signature or secret header does not
   * depend on the body's shape, so an unsigned request is 403 whatever it holds). Default: parse
   * first (Twilio: a request is read as form parameters to be verified).
   */
  readonly verifyFirst?: boolean;

  /** The URLs an admin configures at the provider (shown by `GET /api/channels/:id`). */
  webhookUrls(channel: ChannelOf<T>, publicUrl: string): Record<string, string>;
  /** Is the request from the provider (signature, secret header)? False → 403 and nothing stored. */
  verify(request: WebhookRequest, channel: ChannelOf<T>): boolean;
  /** Reads a request (before `verify`: reading is all it does); `{ok: false}` → 400 and nothing stored. */
  parse(request: WebhookRequest, channel: ChannelOf<T>): ParseResult<P>;
  /** Applies the event (start a session, dispatch an event, end a session) and renders the answer. */
  process(webhook: ParsedWebhook<P>, channel: ChannelOf<T>, context: DriverContext): Promise<Processed>;
  /** The answer when `process` threw (it is stored too, so a retry gets it rather than a second attempt). */
  failed(webhook: ParsedWebhook<P>, channel: ChannelOf<T>, context: DriverContext): WebhookReply;
  /** The answer to a verified request on a disabled channel (nothing is stored, no session starts). */
  disabled(request: WebhookRequest, channel: ChannelOf<T>, context: DriverContext): WebhookReply;
  /** The stored answer of a duplicate, replayed as it was. */
  replay(body: string): WebhookReply;
  /** A provider handshake answered on GET before any event (WhatsApp `hub.challenge`). */
  handshake?(request: WebhookRequest, channel: ChannelOf<T>): WebhookReply | undefined;
  /** Effects of a dispatch made outside a request (origin "timer" or "system"), sent to the provider's API. */
  push?(state: SessionState, effects: readonly Effect[], channel: ChannelOf<T>, context: DriverContext): Promise<void>;
  /**
   * When the runner's input timer fires for this channel's sessions, in ms after the answer that
   * asked for input (default: the collect's timeoutSeconds). Voice: after the prompts have played.
   */
  inputTimerMs?(effects: readonly Effect[], collect: Extract<Effect, { type: "collect" }>, kind?: "voice" | "chat"): number;
  /** Sends something from an agent room to a customer on this channel (text for chat, speech into the call for voice). */
  deliver?(delivery: RoomDelivery, channel: ChannelOf<T>, context: DriverContext): Promise<void>;
  /** The settings screen's "Check": calls the provider's API with the stored credentials (Twilio account, Graph phone number, Telegram getMe). */
  check?(channel: ChannelOf<T>, context: DriverContext): Promise<ChannelCheck>;
  /** Registers the channel's webhook URL at the provider (Telegram `setWebhook`): `POST /api/channels/:id/set-webhook`. */
  registerWebhook?(channel: ChannelOf<T>, context: DriverContext): Promise<ChannelCheck>;
}

/**
 * Something from an agent room for a customer participant on this channel (an agent's or the
 * system's message, a hold, the end of the conversation). `runtime/channels/room-fanout.ts`
 * turns room events (`runtime/rooms/room-events.ts`) into these for every customer participant
 * whose channel is not the one the message came from.
 */
export type RoomDelivery =
  | { kind: "message"; conversationId: string; sessionId: string | null; address: string; message: { kind: "text" | "speech_transcript" | "system"; body: string; authorName: string | null } }
  | { kind: "hold"; conversationId: string; sessionId: string | null; address: string; onHold: boolean; holdAudio: string | null }
  | { kind: "closed"; conversationId: string; sessionId: string | null; address: string; reason: string };

/** What a channel's "Check" action found out by calling the provider's API. */
export interface ChannelCheck {
  ok: boolean;
  /** What the provider said, or what to fix ("Twilio refused the Account SID / Auth Token (401)"). */
  message: string;
}

/** Any driver, as the registry and the routes hold them. */
export type AnyChannelDriver = ChannelDriver<ChannelType, unknown>;

/** Narrows a channel to one type (drivers are generic over theirs). */
export function isChannelOf<T extends ChannelType>(channel: Channel, type: T): channel is ChannelOf<T> {
  return channel.type === type;
}
