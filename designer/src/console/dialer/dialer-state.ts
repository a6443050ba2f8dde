import type { ChannelStatus } from "../../../../runtime/channels/channel-config";
import type { ChannelView } from "../../settings/channels/channels-api";
import type { VoiceStatus } from "../softphone/voice-status";
import { checkNumber } from "./e164";

/** A SIP trunk the agent may call out through (GET /api/channels, type sip_trunk). */
export interface Trunk {
  id: string;
  name: string;
  enabled: boolean;
  status: ChannelStatus;
  statusMessage: string | null;
}

/** The SIP trunks among the channels, by name. */
export function trunksOf(channels: readonly ChannelView[]): Trunk[] {
  return channels
    .filter((channel) => channel.type === "sip_trunk")
    .map(({ id, name, enabled, status, statusMessage }) => ({ id, name, enabled, status, statusMessage }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** The trunk to call through: the remembered one while it is still enabled, else the first enabled one ("" when none is). */
export function trunkChoice(trunks: readonly Trunk[], remembered: string | null): string {
  const usable = trunks.filter((trunk) => trunk.enabled);
  return usable.find((trunk) => trunk.id === remembered)?.id ?? usable[0]?.id ?? "";
}

/** Whether the header shows the Call button, and why it is off. */
export interface CallAvailability {
  /** No SIP trunk at all (or not loaded yet): no button. */
  shown: boolean;
  enabled: boolean;
  /** Why the button is off, in words; null when it is on. */
  reason: string | null;
}

const VOICE_REASON: Record<Exclude<VoiceStatus, "connected">, string> = {
  off: "Your softphone is off: set yourself Available to place calls.",
  connecting: "Your softphone is still connecting: calls can be placed once it says “Voice: connected”.",
  reconnecting: "Your softphone is reconnecting: calls can be placed once it says “Voice: connected”.",
  blocked: "Your microphone is blocked: see the notice under the header, then calls can be placed.",
  elsewhere: "Your softphone is in another console window: press “Use voice here” to place calls from this one.",
  unavailable: "Voice is not available on this server or in this browser, so calls cannot be placed.",
};

/** The Call button: shown when a SIP trunk exists, on when one is enabled and the softphone is connected. */
export function callAvailability(trunks: readonly Trunk[] | undefined, voice: VoiceStatus): CallAvailability {
  if (trunks === undefined || trunks.length === 0) return { shown: false, enabled: false, reason: null };
  if (!trunks.some((trunk) => trunk.enabled)) return { shown: true, enabled: false, reason: "Every SIP trunk is disabled: an admin can enable one under Settings → Channels." };
  if (voice !== "connected") return { shown: true, enabled: false, reason: VOICE_REASON[voice] };
  return { shown: true, enabled: true, reason: null };
}

/** Keys of the dial pad (also typed on the keyboard). */
export const DIAL_KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#", "+"] as const;
const KEY_SET: ReadonlySet<string> = new Set(DIAL_KEYS);
export const isDialKey = (key: string): boolean => KEY_SET.has(key);

/** What the server refused, placed under its field (`to`, `channelId`) or above the buttons. */
export interface DialError {
  field: "to" | "channelId" | null;
  message: string;
}

export interface DialerState {
  open: boolean;
  /** The number as typed (separators and all). */
  text: string;
  /** The trunk to call through ("" when there is none to choose). */
  channelId: string;
  /** `calling`: POST /api/calls is under way (the form is locked). */
  phase: "editing" | "calling";
  /** Call was pressed: a number that is only incomplete is shown as wrong from then on. */
  submitted: boolean;
  /** The server's refusal of the last attempt; cleared by an edit of what it names. */
  error: DialError | null;
}

export const CLOSED_DIALER: DialerState = { open: false, text: "", channelId: "", phase: "editing", submitted: false, error: null };

export type DialerEvent =
  | { type: "open"; text: string; channelId: string }
  | { type: "close" }
  | { type: "edit"; text: string }
  | { type: "key"; key: string }
  | { type: "backspace" }
  | { type: "trunk"; channelId: string }
  | { type: "submit" }
  | { type: "failed"; error: DialError }
  | { type: "placed" };

/** The longest text the number field holds (a number with separators is far shorter). */
const MAX_TEXT = 40;

/** The dialer's state machine: editing ⇄ calling (the form locked); a call placed closes it, and so may the agent at any time. */
export function dialerReducer(state: DialerState, event: DialerEvent): DialerState {
  switch (event.type) {
    case "open":
      return { ...CLOSED_DIALER, open: true, text: event.text, channelId: event.channelId };
    case "close":
    case "placed":
      return CLOSED_DIALER;
    case "failed":
      // Closed while the request was under way: the caller of the action says it (a toast).
      return state.open ? { ...state, phase: "editing", error: event.error } : state;
    default:
  }
  if (!state.open || state.phase === "calling") return state;
  switch (event.type) {
    case "edit":
      return withText(state, event.text.slice(0, MAX_TEXT));
    case "key":
      return isDialKey(event.key) && state.text.length < MAX_TEXT ? withText(state, state.text + event.key) : state;
    case "backspace":
      return withText(state, state.text.slice(0, -1));
    case "trunk":
      return { ...state, channelId: event.channelId, error: state.error?.field === "to" ? state.error : null };
    case "submit":
      return checkNumber(state.text).ok && state.channelId !== "" ? { ...state, phase: "calling", submitted: true, error: null } : { ...state, submitted: true };
  }
}

/** A new number: the server's complaint about the old one goes (one about the trunk stays). */
const withText = (state: DialerState, text: string): DialerState =>
  text === state.text ? state : { ...state, text, error: state.error?.field === "channelId" ? state.error : null };

/** What the number field says under it: a hint while typing, the problem once it is wrong (or Call was pressed), or the number to be called. */
export function numberNote(state: DialerState): { tone: "hint" | "error" | "ready"; text: string } {
  if (state.error?.field === "to") return { tone: "error", text: state.error.message };
  const check = checkNumber(state.text);
  if (check.ok) return { tone: "ready", text: `Calls ${check.number}` };
  return { tone: check.severity === "invalid" || state.submitted ? "error" : "hint", text: check.problem };
}
