import { type MediaPlane, MediaPlaneError } from "../media-plane";
import type { MediaEvent } from "../process/media-protocol";

type IceServer = { urls: string | string[]; username?: string; credential?: string };

export type AgentLegState = "connecting" | "connected";

interface AgentLeg {
  userId: string;
  legId: string;
  state: AgentLegState;
  muted: boolean;
}

/** An agent's softphone leg put into a room's call, or taken out of it (`CallAgents`). */
export interface SoftphoneCall {
  userId: string;
  conversationId: string;
  joined: boolean;
  /** Keys from the softphone's keypad reach the caller (not on a Twilio Media Stream). */
  keysReachCaller: boolean;
}

export type AgentLegChange = { userId: string; legId: string; state: AgentLegState } | { userId: string; legId: string; state: "ended"; reason: string };

/**
 * The agents' softphones: one WebRTC leg per agent, held by the console while the agent is
 * available (and reconnected by it on its own). A new connection replaces the agent's old leg.
 * Calls are bridged to these legs by `CallAgents`; a key pressed on the softphone's keypad
 * arrives as an RFC 4733 digit on the leg.
 */
export class AgentLegs {
  private readonly byUser = new Map<string, AgentLeg>();
  private readonly byLeg = new Map<string, AgentLeg>();
  private readonly listeners = new Set<(change: AgentLegChange) => void>();
  private readonly digitListeners = new Set<(userId: string, digit: string) => void>();
  private readonly callListeners = new Set<(call: SoftphoneCall) => void>();
  private counter = 0;

  constructor(
    private readonly media: MediaPlane,
    private readonly iceServersFor: (userId: string) => IceServer[],
  ) {}

  /** Handles a leg event if the leg is an agent's (returns whether it was). */
  mediaEvent(event: MediaEvent): boolean {
    if (!("legId" in event)) return false;
    const leg = this.byLeg.get(event.legId);
    if (leg === undefined) return false;
    if (event.type === "leg.connected") {
      leg.state = "connected";
      this.emit({ userId: leg.userId, legId: leg.legId, state: "connected" });
    } else if (event.type === "leg.ended") {
      this.forget(leg);
      this.emit({ userId: leg.userId, legId: leg.legId, state: "ended", reason: event.reason });
    } else if (event.type === "leg.dtmf") {
      for (const listener of this.digitListeners) listener(leg.userId, event.digit);
    }
    return true;
  }

  /** Answers the softphone's offer with a new leg (ending the agent's previous one). */
  async connect(userId: string, offerSdp: string): Promise<{ legId: string; answerSdp: string }> {
    this.counter += 1;
    const legId = `agent:${userId}:${Date.now().toString(36)}${this.counter}`;
    const reply = await this.media.send({ type: "leg.webrtc", legId, offerSdp, iceServers: this.iceServersFor(userId) });
    const previous = this.byUser.get(userId);
    const leg: AgentLeg = { userId, legId, state: "connecting", muted: false };
    this.byUser.set(userId, leg);
    this.byLeg.set(legId, leg);
    if (previous !== undefined) {
      this.byLeg.delete(previous.legId);
      await this.media.send({ type: "leg.end", legId: previous.legId }).catch(() => undefined);
    }
    this.emit({ userId, legId, state: "connecting" });
    return { legId, answerSdp: reply.answerSdp ?? "" };
  }

  /** Mutes the agent's leg in the media plane: nobody in its bridge hears it (the agent still hears them). */
  async mute(userId: string, muted: boolean): Promise<void> {
    const leg = this.byUser.get(userId);
    if (leg === undefined) throw new MediaPlaneError("softphone_not_connected", "the softphone is not connected");
    leg.muted = muted;
    await this.media.send({ type: "leg.mute", legId: leg.legId, muted });
  }

  /** Ends the agent's leg (only if it is still `legId`, when given: a newer one stays). */
  async disconnect(userId: string, legId?: string): Promise<void> {
    const leg = this.byUser.get(userId);
    if (leg === undefined || (legId !== undefined && leg.legId !== legId)) return;
    await this.media.send({ type: "leg.end", legId: leg.legId }).catch(() => undefined);
  }

  /** The agent's leg when it is connected. */
  ready(userId: string): string | undefined {
    const leg = this.byUser.get(userId);
    return leg?.state === "connected" ? leg.legId : undefined;
  }

  onChange(listener: (change: AgentLegChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** `CallAgents` put an agent's leg into a room's call or took it out: told to the agent's console (`softphone_call`). */
  inCall(call: SoftphoneCall): void {
    for (const listener of this.callListeners) listener(call);
  }

  onCall(listener: (call: SoftphoneCall) => void): () => void {
    this.callListeners.add(listener);
    return () => this.callListeners.delete(listener);
  }

  onDigit(listener: (userId: string, digit: string) => void): () => void {
    this.digitListeners.add(listener);
    return () => this.digitListeners.delete(listener);
  }

  private forget(leg: AgentLeg): void {
    this.byLeg.delete(leg.legId);
    if (this.byUser.get(leg.userId) === leg) this.byUser.delete(leg.userId);
  }

  private emit(change: AgentLegChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
