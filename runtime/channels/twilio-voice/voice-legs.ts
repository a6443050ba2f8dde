import { randomBytes } from "node:crypto";
import type { StreamParameters } from "../../media/streams/twilio-stream-messages";
import type { RoomTail } from "./room-twiml";
import type { RoomLegRef } from "./voice-urls";

/**
 * Where a leg is (or is headed once what is pending has been sent):
 * `queue` in Twilio's `<Enqueue>` (the transfer's answer), `dialing` an invited call not answered
 * yet, `waiting` our hold music while the room waits for an agent again (after a transfer),
 * `loop` the speech loop, `stream` the caller's audio on the agent's softphone (`<Connect><Stream>`:
 * hold, resume and a transfer back to the queue are the media plane's then, not TwiML's), `hold`
 * on hold by the agent, `done` no longer ours (hung up, closed, the flow took the call back).
 */
export type LegMode = "queue" | "dialing" | "waiting" | "loop" | "stream" | "hold" | "done";

/** A tail as decided, before it is rendered (the loop's turn token is made when it is sent). */
export type TailIntent = { mode: "loop" } | { mode: "stream"; parameters: StreamParameters } | { mode: "hold"; audio: string | null } | { mode: "hangup" } | { mode: "pause" };

/** A call in an agent room: the transferred caller (`primary`) or an invited participant's call. */
export interface VoiceLeg extends RoomLegRef {
  /** The participant's address (their phone number). */
  address: string;
  callSid: string;
  /** The twilio_voice channel the call belongs to (its credentials update the call). */
  channelId: string;
  primary: boolean;
  /** The primary caller's session (its flow may take the call back when the room closes). */
  sessionId: string | null;
  mode: LegMode;
  /** The agent the caller was last told about. */
  agentId: string | null;
}

/** Sends one document to a leg (a Calls update). */
export type LegSender = (leg: VoiceLeg, says: readonly string[], tail: RoomTail) => Promise<void>;

interface Outbox {
  says: string[];
  tail: TailIntent | undefined;
  /** What the call runs now, as far as we know (undefined: unknown, e.g. after a restart). */
  sent: TailIntent | undefined;
  /** Until when the call is still saying the last document's texts. */
  busyUntil: number;
  chain: Promise<void>;
}

export interface VoiceLegsOptions {
  /** Assumed speaking rate, for pacing updates (default 2.5 words per second). */
  wordsPerSecond?: number;
  /** Most characters of words in one update (default MAX_SAY_CHARS). */
  maxSayChars?: number;
  clock?: () => number;
  /** A send failed (default: nothing more; the sender has logged it). */
  onError?: (error: unknown, leg: VoiceLeg) => void;
}

/**
 * Characters of words per update: Twilio accepts at most 4,000 characters of TwiML in a Calls
 * update; this leaves room for escaping and the loop's URLs. Longer texts are split (`splitWords`).
 */
export const MAX_SAY_CHARS = 2_000;

/** Splits a text into pieces of at most `max` characters, at spaces where it can. */
export function splitWords(text: string, max = MAX_SAY_CHARS / 2): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const space = rest.lastIndexOf(" ", max);
    const cut = space > max / 2 ? space : max;
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest !== "") pieces.push(rest);
  return pieces;
}

/** How many of the first texts fit in `max` characters (at least one). */
function fitting(says: readonly string[], max: number): number {
  let total = 0;
  let count = 0;
  for (const text of says) {
    total += text.length;
    if (count > 0 && total > max) break;
    count += 1;
  }
  return count;
}

/** A new turn token for the speech loop (the dedupe key of its answer). */
export const newTurnToken = (): string => randomBytes(9).toString("base64url");

const render = (intent: TailIntent): RoomTail => (intent.mode === "loop" || intent.mode === "stream" ? { ...intent, token: newTurnToken() } : intent);

/**
 * The calls in agent rooms this process knows, and their outboxes. Updating a call interrupts
 * whatever it is saying, so updates to one call are sent one at a time and **paced**: an update
 * waits until the texts of the previous one have presumably been said (words ÷ rate); whatever
 * arrives meanwhile is merged into it (texts in order, the latest tail wins). A webhook of the
 * leg (the caller spoke) takes what is pending into its answer instead.
 *
 * The legs and outboxes are in memory; the call of each leg is also stored with its participant
 * (`conversation_participants.call_sid`), so after a restart `VoiceRoom` builds a leg again when a
 * room event needs it (the primary caller's from the session, an invited one from the stored
 * call SID), or when a callback of the call comes in (`room`, `join`, `leg-status` carry the
 * conversation and participant).
 */
export class VoiceLegs {
  private readonly legs = new Map<string, VoiceLeg>();
  private readonly outboxes = new Map<string, Outbox>();
  private readonly wordsPerSecond: number;
  private readonly maxSayChars: number;
  private readonly clock: () => number;
  private readonly onError: (error: unknown, leg: VoiceLeg) => void;

  constructor(options: VoiceLegsOptions = {}) {
    this.wordsPerSecond = options.wordsPerSecond ?? 2.5;
    this.maxSayChars = options.maxSayChars ?? MAX_SAY_CHARS;
    this.clock = options.clock ?? Date.now;
    this.onError = options.onError ?? (() => undefined);
  }

  get(participantId: string): VoiceLeg | undefined {
    return this.legs.get(participantId);
  }

  inConversation(conversationId: string): VoiceLeg[] {
    return [...this.legs.values()].filter((leg) => leg.conversationId === conversationId);
  }

  /** Registers a leg (or replaces the one of the same participant: a new call for them). */
  add(leg: VoiceLeg): VoiceLeg {
    const known = this.legs.get(leg.participantId);
    if (known !== undefined && known.callSid === leg.callSid) return known;
    this.legs.set(leg.participantId, leg);
    this.outboxes.set(leg.participantId, { says: [], tail: undefined, sent: undefined, busyUntil: 0, chain: Promise.resolve() });
    return leg;
  }

  /** Forgets a leg (hung up, or the room is over for it); pending words are dropped. */
  remove(participantId: string): void {
    this.legs.delete(participantId);
    this.outboxes.delete(participantId);
  }

  /**
   * Queues texts and the tail that follows them; sent as soon as the call has said the previous
   * ones. Nothing is sent when there is nothing to say and the call already runs that tail.
   */
  queue(leg: VoiceLeg, change: { says?: readonly string[]; tail: TailIntent }, send: LegSender): void {
    const outbox = this.outboxes.get(leg.participantId);
    if (outbox === undefined) return;
    outbox.says.push(...(change.says ?? []));
    outbox.tail = change.tail;
    outbox.chain = outbox.chain.then(() => this.flush(leg, outbox, send));
  }

  /**
   * For a webhook of the leg that is answered now: what is pending (taken out of the outbox, so
   * the paced update does not send it again), then `next`. The call runs the answer next.
   */
  answer(leg: VoiceLeg, next: { says: readonly string[]; tail: TailIntent }): { says: string[]; tail: RoomTail } {
    const outbox = this.outboxes.get(leg.participantId);
    const says = [...(outbox?.says.splice(0) ?? []), ...next.says];
    if (outbox !== undefined) {
      outbox.tail = undefined;
      outbox.sent = next.tail;
      outbox.busyUntil = this.clock() + this.speakingMs(says);
    }
    return { says, tail: render(next.tail) };
  }

  /** Resolves when everything queued for the leg has been sent (tests, shutdown). */
  async settled(participantId: string): Promise<void> {
    for (;;) {
      const chain = this.outboxes.get(participantId)?.chain;
      if (chain === undefined) return;
      await chain;
      if (this.outboxes.get(participantId)?.chain === chain) return;
    }
  }

  private async flush(leg: VoiceLeg, outbox: Outbox, send: LegSender): Promise<void> {
    if (outbox.tail === undefined) return; // sent with an earlier flush, or taken by a webhook's answer
    const wait = outbox.busyUntil - this.clock();
    if (wait > 0) await new Promise<void>((resolve) => setTimeout(resolve, wait).unref());
    if (this.outboxes.get(leg.participantId) !== outbox) return; // forgotten meanwhile
    const intent = outbox.tail;
    if (intent === undefined) return; // taken by a webhook's answer
    const says = outbox.says.splice(0, fitting(outbox.says, this.maxSayChars));
    if (outbox.says.length > 0) {
      // Twilio takes up to 4,000 characters of TwiML in an update: the rest follows, paced.
      outbox.chain = outbox.chain.then(() => this.flush(leg, outbox, send));
    } else {
      outbox.tail = undefined;
    }
    if (says.length === 0 && outbox.sent !== undefined && sameTail(intent, outbox.sent)) return;
    try {
      await send(leg, says, render(intent));
      outbox.sent = intent;
      outbox.busyUntil = this.clock() + this.speakingMs(says);
    } catch (error) {
      this.onError(error, leg);
    }
  }

  private speakingMs(says: readonly string[]): number {
    const words = says.reduce((count, text) => count + text.split(/\s+/).filter(Boolean).length, 0);
    return Math.ceil((words / this.wordsPerSecond) * 1000);
  }
}

/** The same document tail (the loop's token aside). */
function sameTail(a: TailIntent, b: TailIntent): boolean {
  return a.mode === b.mode && (a.mode !== "hold" || b.mode !== "hold" || a.audio === b.audio);
}
