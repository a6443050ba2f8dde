import { useId, useState } from "react";
import { isMediaChannel } from "../../../runtime/media/media-channel-types";
import type { ConversationView } from "../../../runtime/rooms/views";
import { toastError } from "../ui/toasts";
import { isVoice } from "./channel-label";
import { CloseDialog } from "./close-dialog";
import { consoleActions } from "./console-actions";
import { AddPersonIcon, KeypadIcon } from "./softphone/call-icons";
import { DtmfKeypad } from "./softphone/dtmf-keypad";
import { InviteAgentDialog } from "./softphone/invite-agent-dialog";
import { MuteButton } from "./softphone/mute-button";
import { useSoftphone } from "./softphone/softphone-store";
import { TransferDialog } from "./transfer-dialog";

/**
 * The controls over an open conversation. Whoever works it: hold / resume, transfer, and hang up
 * (voice) or close (chat). On a call through the softphone (a media-plane channel) also adding an
 * agent (three-way); whoever talks on it through their softphone (the assignee, an agent added to
 * it) gets mute and the keypad. A Twilio caller bridged to the softphone over a Media Stream counts
 * as such a call (the server says so: `softphone_call`); its keypad says why keys cannot reach them.
 */
export function CallControls({ conversation, canWork, onTheCall }: { conversation: ConversationView; canWork: boolean; onTheCall: boolean }) {
  const [dialog, setDialog] = useState<"close" | "transfer" | "invite" | null>(null);
  const [busy, setBusy] = useState(false);
  const [keypad, setKeypad] = useState(false);
  const keypadId = useId();
  const voice = isVoice(conversation.channelType);
  // A media-plane channel's call, or one the server put the softphone into (a Twilio caller's stream).
  const softphoneCall = useSoftphone((state) => state.calls[conversation.id]);
  const softphone = isMediaChannel(conversation.channelType) || softphoneCall !== undefined;
  const open = conversation.status === "active" || conversation.status === "on_hold";
  const onHold = conversation.status === "on_hold";
  const talking = softphone && onTheCall;
  if (!open || !(canWork || talking)) return null;
  return (
    <div className="call-controls-area">
      <div className="call-controls" role="group" aria-label="Call controls">
        {talking && <MuteButton />}
        {canWork && (
          <button
            type="button"
            className={onHold ? "button button-hold-on" : "button"}
            disabled={busy}
            aria-pressed={onHold}
            onClick={() => {
              setBusy(true);
              consoleActions
                .hold(conversation.id, !onHold)
                .catch(toastError)
                .finally(() => setBusy(false));
            }}
          >
            {onHold ? "Resume" : "Hold"}
          </button>
        )}
        {talking && (
          <button type="button" className="button" aria-expanded={keypad} aria-controls={keypadId} onClick={() => setKeypad(!keypad)}>
            <KeypadIcon />
            Keypad
          </button>
        )}
        {canWork && (
          <button type="button" className="button" onClick={() => setDialog("transfer")}>
            Transfer
          </button>
        )}
        {canWork && softphone && (
          <button type="button" className="button" onClick={() => setDialog("invite")}>
            <AddPersonIcon />
            Add agent
          </button>
        )}
        {canWork && (
          <button type="button" className="button button-danger-solid" onClick={() => setDialog("close")}>
            {voice ? "Hang up" : "Close"}
          </button>
        )}
      </div>
      {talking && keypad && <DtmfKeypad id={keypadId} keysReachCaller={softphoneCall?.keysReachCaller ?? true} />}
      <CloseDialog conversationId={conversation.id} voice={voice} open={dialog === "close"} onClose={() => setDialog(null)} />
      <TransferDialog conversationId={conversation.id} teamId={conversation.teamId} open={dialog === "transfer"} onClose={() => setDialog(null)} />
      {softphone && <InviteAgentDialog conversationId={conversation.id} teamId={conversation.teamId} open={dialog === "invite"} onClose={() => setDialog(null)} />}
    </div>
  );
}
