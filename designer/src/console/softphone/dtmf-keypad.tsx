import { useState } from "react";
import { toast } from "../../ui/toasts";
import { KeypadGrid, PHONE_KEYS } from "../keypad-grid";
import { softphoneControls } from "./start-softphone";

const KEY_SET = new Set(PHONE_KEYS.map(([key]) => key));

/** Why a Twilio caller on a Media Stream gets no keypad (MEDIA.md 4). */
export const NO_KEYS = "Keys cannot reach this caller: their call comes through Twilio Media Streams, which carry no keypad tones back to the caller.";

/**
 * The agent's dial pad: each key goes into the call as a DTMF tone (RTCDTMFSender on the
 * softphone, RFC 4733 on the wire, passed on to the caller's side: an IVR the agent dialled
 * into hears it). Digits can also be typed while the pad has focus. On a call whose keys cannot
 * reach the caller (a Twilio caller on a Media Stream) it says so instead of a pad that does nothing.
 */
export function DtmfKeypad({ id, keysReachCaller = true }: { id: string; keysReachCaller?: boolean }) {
  const [sent, setSent] = useState("");
  if (!keysReachCaller) {
    return (
      <div id={id} className="dtmf-keypad" role="group" aria-label="Keypad">
        <p className="dtmf-sent muted small" role="note">
          {NO_KEYS}
        </p>
      </div>
    );
  }
  const press = (key: string) => {
    if (!softphoneControls.dtmf(key)) {
      toast.error("Keys cannot be sent: the softphone is not connected.");
      return;
    }
    setSent((before) => (before + key).slice(-24));
  };
  return (
    <div
      id={id}
      className="dtmf-keypad"
      role="group"
      aria-label="Keypad"
      onKeyDown={(event) => {
        if (!KEY_SET.has(event.key) || event.target instanceof HTMLInputElement) return;
        event.preventDefault();
        press(event.key);
      }}
    >
      <output className="dtmf-sent" aria-label="Keys sent" aria-live="polite">
        {sent === "" ? <span className="muted small">Press keys to send tones</span> : sent}
      </output>
      <KeypadGrid onKey={press} />
    </div>
  );
}
