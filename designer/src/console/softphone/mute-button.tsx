import { MicIcon } from "./call-icons";
import { softphoneControls } from "./start-softphone";
import { useSoftphone } from "./softphone-store";

/** Mute toggle for the agent's microphone: pressed, struck-through mic and "Muted" while the caller cannot hear the agent. */
export function MuteButton() {
  const muted = useSoftphone((state) => state.muted);
  return (
    <button type="button" className={muted ? "button button-mute-on" : "button"} aria-pressed={muted} title={muted ? "The caller cannot hear you: press to unmute" : "Mute your microphone"} onClick={() => softphoneControls.setMuted(!muted)}>
      <MicIcon off={muted} />
      {muted ? "Muted" : "Mute"}
    </button>
  );
}
