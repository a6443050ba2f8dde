import { useState } from "react";
import type { ConversationView } from "../../../runtime/rooms/views";
import { toastError } from "../ui/toasts";
import { isVoice } from "./channel-label";
import { CloseDialog } from "./close-dialog";
import { consoleActions } from "./console-actions";
import { TransferDialog } from "./transfer-dialog";

/** Hold / resume, transfer, and hang up (voice) or close (chat), for whoever works the conversation. */
export function CallControls({ conversation, canWork }: { conversation: ConversationView; canWork: boolean }) {
  const [dialog, setDialog] = useState<"close" | "transfer" | null>(null);
  const [busy, setBusy] = useState(false);
  const voice = isVoice(conversation.channelType);
  const open = conversation.status === "active" || conversation.status === "on_hold";
  const onHold = conversation.status === "on_hold";
  if (!open || !canWork) return null;
  return (
    <div className="call-controls" role="group" aria-label="Call controls">
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
      <button type="button" className="button" onClick={() => setDialog("transfer")}>
        Transfer
      </button>
      <button type="button" className="button button-danger-solid" onClick={() => setDialog("close")}>
        {voice ? "Hang up" : "Close"}
      </button>
      <CloseDialog conversationId={conversation.id} voice={voice} open={dialog === "close"} onClose={() => setDialog(null)} />
      <TransferDialog conversationId={conversation.id} teamId={conversation.teamId} open={dialog === "transfer"} onClose={() => setDialog(null)} />
    </div>
  );
}
