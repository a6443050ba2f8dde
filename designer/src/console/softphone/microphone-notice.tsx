import { softphoneControls } from "./start-softphone";
import { useSoftphone } from "./softphone-store";
import { micAdvice } from "./voice-status";

/** Under the header while the microphone is refused or lost: what happened, how to fix it, and Try again. */
export function MicrophoneNotice() {
  const problem = useSoftphone((state) => (state.status === "blocked" ? state.problem : null));
  if (problem === null) return null;
  const advice = micAdvice(problem);
  return (
    <div className="mic-notice" role="alert" aria-label="Microphone">
      <div>
        <strong>{advice.title}</strong>
        <p>{advice.fix}</p>
      </div>
      <button type="button" className="button" onClick={() => softphoneControls.tryAgain()}>
        Try again
      </button>
    </div>
  );
}
