import type { Effect, EngineEvent } from "../../engine/index";
import type { MediaPlane } from "../media-plane";
import type { CallRecordings } from "./call-recordings";
import type { CallChannel, CallSignal, LiveCall, MediaCalls } from "./media-calls";
import type { PromptClips } from "./prompt-clips";

type DialEffect = Extract<Effect, { type: "dial" }>;
type DialResult = Extract<EngineEvent, { type: "dial_result" }>;

/** Why a dial node fails on a media-plane call when no SIP trunk can carry its call. */
export const NO_SIP_TRUNK = "no SIP trunk to dial out through: a dial node on a browser voice or SIP call goes out through an enabled sip_trunk channel";

/**
 * Places a dial node's call (the SIP trunks): `placed` hears the new call's id as soon as it is
 * live, before anything is sent (so its end is never missed); resolves once its INVITE is on its
 * way; throws why it cannot be placed.
 */
export interface Dialer {
  dial(input: { via: CallChannel; to: string; callerId?: string; ringTimeoutMs: number; placed(callId: string): void }): Promise<{ callId: string }>;
}

/** The shipped ringback tone (440 + 480 Hz, 2 s on, 4 s off), looped to the caller while the dialled party rings. */
const RINGBACK = "ringback";

/** How a dialled call that was never answered ended (its row's reason) → the dial node's handle. */
const NOT_ANSWERED: Readonly<Record<string, DialResult["status"]>> = { busy: "busy", declined: "busy", no_answer: "no_answer" };

interface ActiveDial {
  caller: LiveCall;
  effect: DialEffect;
  /** The dialled call, once placed. */
  callId: string | undefined;
  answeredAt: number | undefined;
  /** Over: the dial's result was given, or the caller hung up. */
  done: boolean;
  recording: boolean;
  cleanups: (() => void)[];
}

export interface CallDialsDeps {
  calls: Pick<MediaCalls, "watch" | "get" | "hangup" | "onRingback">;
  media: Pick<MediaPlane, "send">;
  clips: Pick<PromptClips, "asset">;
  recordings?: Pick<CallRecordings, "startFor" | "stop">;
  /** The dial node's answer, for the caller's session. */
  result(caller: LiveCall, event: DialResult): void;
  log(line: string, fields: { callId: string; sessionId?: string }): void;
  now: () => number;
}

/**
 * Dial nodes on media-plane calls (browser voice, SIP trunk): the outside call goes out through a
 * SIP trunk (`Dialer`), both legs join one bridge at once (relayed both ways), the caller hears
 * ringback while it rings (180) and the far end's audio from its early media or answer. The
 * dialled party hanging up, or the node's time limit (our BYE), is `completed` with the seconds
 * it was connected; 486/600/603 `busy`; no answer within the node's timeout (our CANCEL) or
 * 408/480 `no_answer`; anything else `failed` with the reason. The caller hanging up cancels a
 * ringing call and hangs up a connected one. The node's `record` records the caller's leg (what
 * they said, what they heard) from the answer to the end of the dialled call.
 */
export class CallDials {
  private readonly byCaller = new Map<string, ActiveDial>();
  private readonly byDialled = new Map<string, ActiveDial>();
  private dialer: Dialer | undefined;

  constructor(private readonly deps: CallDialsDeps) {
    deps.calls.onRingback((call, on) => {
      const dial = this.byDialled.get(call.callId);
      if (dial !== undefined && !dial.done) void this.ringback(dial, on);
    });
  }

  /** Who places dial nodes' calls (the SIP trunks, once the channels are up). */
  setDialer(dialer: Dialer | undefined): void {
    this.dialer = dialer;
  }

  /** How many dials are under way (tests: nothing left running). */
  get active(): number {
    return this.byCaller.size;
  }

  /** A dial node's effect reached the caller's playout (its prompts have played): place the call. */
  async start(caller: LiveCall, effect: DialEffect): Promise<void> {
    if (caller.ended || this.byCaller.has(caller.callId)) return;
    const dialer = this.dialer;
    if (dialer === undefined) {
      this.answer(caller, effect, { status: "failed", reason: NO_SIP_TRUNK });
      return;
    }
    const dial: ActiveDial = { caller, effect, callId: undefined, answeredAt: undefined, done: false, recording: false, cleanups: [] };
    this.byCaller.set(caller.callId, dial);
    let callId;
    try {
      ({ callId } = await dialer.dial({ via: caller.channel, to: effect.to, ...(effect.callerId === undefined ? {} : { callerId: effect.callerId }), ringTimeoutMs: effect.timeoutSeconds * 1000, placed: (id) => this.follow(dial, id) }));
    } catch (error) {
      if (dial.callId !== undefined) return; // placed, then refused: its end gives the result
      this.byCaller.delete(caller.callId);
      const message = error instanceof Error ? error.message : String(error);
      if (!dial.done) this.answer(caller, effect, { status: "failed", reason: message === NO_SIP_TRUNK ? NO_SIP_TRUNK : `the call to ${effect.to} could not be placed: ${message}` });
      return;
    }
    if (dial.done) {
      // The caller hung up while it was being placed: CANCEL it (hung up before `placed`: nothing followed it).
      await this.deps.calls.hangup(callId, "system", "caller_hangup");
      return;
    }
    const dialled = this.deps.calls.get(callId);
    // Ended already (refused, unreachable): `ended` gave the result.
    if (dialled === undefined || dialled.ended) return;
    // One bridge for both legs from the start: the ringback plays over it, the far end's early media or answer replaces it.
    const bridgeId = `dial:${caller.callId}`;
    await this.deps.media.send({ type: "bridge.join", bridgeId, legId: caller.legId });
    await this.deps.media.send({ type: "bridge.join", bridgeId, legId: dialled.legId });
  }

  /** The dialled call is live: its connect and end are followed from now (nothing is sent yet). */
  private follow(dial: ActiveDial, callId: string): void {
    dial.callId = callId;
    if (dial.done) return;
    this.byDialled.set(callId, dial);
    dial.cleanups.push(() => this.byDialled.delete(callId));
    dial.cleanups.push(
      this.deps.calls.watch(callId, (signal) => {
        if (signal.state === "connected") void this.answered(dial).catch((error: unknown) => this.report(dial, "answer", error));
        else void this.ended(dial, signal).catch((error: unknown) => this.report(dial, "end", error));
      }),
    );
  }

  /** The caller's call ended: a ringing dialled call is cancelled, a connected one hung up (BYE). */
  callerEnded(caller: LiveCall): void {
    const dial = this.byCaller.get(caller.callId);
    if (dial === undefined) return;
    this.close(dial);
    if (dial.callId !== undefined) void this.deps.calls.hangup(dial.callId, "system", "caller_hangup");
  }

  private async answered(dial: ActiveDial): Promise<void> {
    if (dial.done || dial.callId === undefined) return;
    dial.answeredAt = this.deps.now();
    const callId = dial.callId;
    const limit = setTimeout(() => void this.deps.calls.hangup(callId, "system", "time_limit"), dial.effect.timeLimitSeconds * 1000);
    dial.cleanups.push(() => clearTimeout(limit));
    if (dial.effect.record && this.deps.recordings !== undefined) dial.recording = await this.deps.recordings.startFor(dial.caller.callId, dial.caller.legId);
  }

  private async ended(dial: ActiveDial, signal: Extract<CallSignal, { state: "ended" }>): Promise<void> {
    if (dial.done) return;
    this.close(dial);
    const { caller, effect } = dial;
    if (!caller.ended) {
      await this.deps.media.send({ type: "bridge.leave", legId: caller.legId }).catch(() => undefined);
      if (dial.answeredAt === undefined) await this.deps.media.send({ type: "leg.stop", legId: caller.legId }).catch(() => undefined);
    }
    if (dial.recording) await this.deps.recordings?.stop(caller.callId);
    if (dial.answeredAt !== undefined) {
      this.answer(caller, effect, { status: "completed", durationSeconds: Math.max(0, Math.round((this.deps.now() - dial.answeredAt) / 1000)) });
      return;
    }
    const status = NOT_ANSWERED[signal.reason] ?? "failed";
    const why = signal.detail === undefined ? signal.reason : `${signal.reason} (${signal.detail})`;
    this.answer(caller, effect, { status, reason: status === "failed" ? `the call to ${effect.to} failed: ${why}` : `${effect.to}: ${why}` });
  }

  private close(dial: ActiveDial): void {
    dial.done = true;
    this.byCaller.delete(dial.caller.callId);
    for (const cleanup of dial.cleanups.splice(0)) cleanup();
  }

  private async ringback(dial: ActiveDial, on: boolean): Promise<void> {
    const { caller } = dial;
    if (caller.ended) return;
    if (!on) {
      await this.deps.media.send({ type: "leg.stop", legId: caller.legId }).catch(() => undefined);
      return;
    }
    const clip = await this.deps.clips.asset(RINGBACK);
    const dialled = dial.callId === undefined ? undefined : this.deps.calls.get(dial.callId);
    if (clip === undefined || dial.done || dialled?.ringback !== true) return;
    await this.deps.media.send({ type: "leg.play", legId: caller.legId, playbackId: `ringback:${dialled.callId}`, clips: [clip], loop: true }).catch((error: unknown) => this.report(dial, "ringback", error));
  }

  private answer(caller: LiveCall, effect: DialEffect, result: { status: DialResult["status"]; durationSeconds?: number; reason?: string }): void {
    if (result.reason !== undefined) this.deps.log(`call ${caller.callId}: dial ${effect.to}: ${result.status}: ${result.reason}`, { callId: caller.callId, ...(caller.sessionId === undefined ? {} : { sessionId: caller.sessionId }) });
    this.deps.result(caller, { type: "dial_result", status: result.status, durationSeconds: result.durationSeconds ?? 0, ...(result.reason === undefined ? {} : { reason: result.reason.slice(0, 500) }), token: effect.token, nodeId: effect.nodeId });
  }

  private report(dial: ActiveDial, what: string, error: unknown): void {
    const { caller } = dial;
    this.deps.log(`call ${caller.callId}: dial ${what}: ${error instanceof Error ? error.message : String(error)}`, { callId: caller.callId, ...(caller.sessionId === undefined ? {} : { sessionId: caller.sessionId }) });
  }
}
