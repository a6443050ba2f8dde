import { useSoftphone } from "./softphone-store";
import { voiceLabel } from "./voice-status";

/** Over a call the agent is on: says plainly when the caller cannot hear them (muted, or the softphone is down). */
export function CallBanner() {
  const status = useSoftphone((state) => state.status);
  const muted = useSoftphone((state) => state.muted);
  if (status !== "connected")
    return (
      <div className="call-banner call-banner-down" role="status">
        No audio: your softphone is not connected ({voiceLabel(status)}). The caller cannot hear you.
      </div>
    );
  if (muted)
    return (
      <div className="call-banner call-banner-muted" role="status">
        You are muted: the caller cannot hear you.
      </div>
    );
  return null;
}
