/**
 * The softphone's state as the agent sees it: `off` (away, or the console is not holding a line),
 * `connecting` (first offer), `connected` (calls can be bridged to it), `reconnecting` (the leg or
 * the socket dropped: a new offer follows with backoff), `blocked` (no microphone: see
 * `MicProblem`), `elsewhere` (another window of this agent took the softphone), `unavailable`
 * (the server has no media plane, or this browser has no WebRTC).
 */
export type VoiceStatus = "off" | "connecting" | "connected" | "reconnecting" | "blocked" | "elsewhere" | "unavailable";

/** Why there is no microphone: refused, none plugged in, held by another program, lost mid-way, or no API at all. */
export type MicProblem = "denied" | "no_device" | "busy" | "lost" | "insecure";

const LABELS: Record<VoiceStatus, string> = {
  off: "Voice: off",
  connecting: "Voice: connecting…",
  connected: "Voice: connected",
  reconnecting: "Voice: reconnecting…",
  blocked: "Voice: off (microphone blocked)",
  elsewhere: "Voice: in another window",
  unavailable: "Voice: unavailable",
};

/** The header's words for a status. */
export const voiceLabel = (status: VoiceStatus): string => LABELS[status];

/** What getUserMedia's failure means for the agent (DOMException names, per the Media Capture spec). */
export function micProblemOf(error: unknown): MicProblem {
  const name = typeof error === "object" && error !== null && "name" in error && typeof error.name === "string" ? error.name : "";
  switch (name) {
    case "NotFoundError":
    case "OverconstrainedError":
      return "no_device";
    case "NotReadableError":
    case "AbortError":
      return "busy";
    case "TypeError":
      return "insecure";
    default:
      return "denied"; // NotAllowedError, SecurityError
  }
}

/** The notice for a microphone problem: what happened, and how to fix it. */
export function micAdvice(problem: MicProblem): { title: string; fix: string } {
  switch (problem) {
    case "denied":
      return {
        title: "Microphone blocked: you will not be offered calls",
        fix: "Allow the microphone for this site (the camera or lock icon at the left of the address bar → Microphone → Allow), then press Try again. Chats are still offered to you.",
      };
    case "no_device":
      return { title: "No microphone found: you will not be offered calls", fix: "Plug in a headset or microphone, then press Try again. Chats are still offered to you." };
    case "busy":
      return {
        title: "The microphone is in use by another program: you will not be offered calls",
        fix: "Close the other program using it (another call or meeting app), then press Try again. Chats are still offered to you.",
      };
    case "lost":
      return {
        title: "The microphone stopped: you will not be offered calls",
        fix: "It was unplugged or its permission was taken back. Plug it in or allow it again, then press Try again. Chats are still offered to you.",
      };
    case "insecure":
      return { title: "This page cannot use a microphone", fix: "Open the console over HTTPS (or on localhost). Chats are still offered to you." };
  }
}
