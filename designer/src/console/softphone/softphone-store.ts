import { create } from "zustand";
import type { MicProblem, VoiceStatus } from "./voice-status";

export type SoftphoneCalls = Readonly<Record<string, { keysReachCaller: boolean }>>;

interface SoftphoneStore {
  status: VoiceStatus;
  /** Set while `status` is `blocked`. */
  problem: MicProblem | null;
  /** The agent's own mute (the caller does not hear them). */
  muted: boolean;
  /** The browser refused to start call audio until the agent clicks somewhere. */
  audioLocked: boolean;
  /**
   * The conversations whose call the server put the softphone into (`softphone_call`), with
   * whether keypad tones reach the caller (not on a Twilio caller's Media Stream).
   */
  calls: SoftphoneCalls;
  set(patch: Partial<Pick<SoftphoneStore, "status" | "problem" | "muted" | "audioLocked" | "calls">>): void;
}

/** What the console shows of the softphone (the line itself is `Softphone`, softphone.ts). */
export const useSoftphone = create<SoftphoneStore>((set) => ({
  status: "off",
  problem: null,
  muted: false,
  audioLocked: false,
  calls: {},
  set: (patch) => set(patch),
}));
