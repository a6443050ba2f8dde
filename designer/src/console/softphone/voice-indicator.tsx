import { OnCallLinks } from "./on-call-links";
import { softphoneControls } from "./start-softphone";
import { useSoftphone } from "./softphone-store";
import { voiceLabel } from "./voice-status";

/** The header's softphone state (connected, connecting, reconnecting, off and why), the calls it is on, and the one action that helps. */
export function VoiceIndicator() {
  const status = useSoftphone((state) => state.status);
  const audioLocked = useSoftphone((state) => state.audioLocked);
  return (
    <div className="voice-indicator">
      <span className={`voice-state voice-${status}`} role="status" aria-label="Voice">
        <span className="presence-dot" aria-hidden="true" />
        {voiceLabel(status)}
        {status === "connected" && audioLocked && <span className="muted small"> · click anywhere to hear calls</span>}
      </span>
      <OnCallLinks />
      {status === "elsewhere" && (
        <button type="button" className="button button-small" onClick={() => softphoneControls.tryAgain()}>
          Use voice here
        </button>
      )}
    </div>
  );
}
