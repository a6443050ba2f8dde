import { create } from "zustand";
import type { MicProblem, VoiceStatus } from "./voice-status";

interface SoftphoneStore {
  status: VoiceStatus;
  /** Set while `status` is `blocked`. */
  problem: MicProblem | null;
  /** The agent's own mute (the caller does not hear them). */
  muted: boolean;
  /** The browser refused to start call audio until the agent clicks somewhere. */
  audioLocked: boolean;
  set(patch: Partial<Pick<SoftphoneStore, "status" | "problem" | "muted" | "audioLocked">>): void;
}

/** What the console shows of the softphone (the line itself is `Softphone`, softphone.ts). */
export const useSoftphone = create<SoftphoneStore>((set) => ({
  status: "off",
  problem: null,
  muted: false,
  audioLocked: false,
  set: (patch) => set(patch),
}));
