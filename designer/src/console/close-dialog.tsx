import { useEffect, useState } from "react";
import { FormDialog } from "../settings/form-dialog";
import { consoleActions } from "./console-actions";

const REASONS = ["resolved", "callback scheduled", "no response", "wrong number", "spam"];

/** Ends the conversation with a reason; the flow goes on at its transfer's `completed`. */
export function CloseDialog({ conversationId, voice, open, onClose }: { conversationId: string; voice: boolean; open: boolean; onClose: () => void }) {
  const [reason, setReason] = useState("resolved");
  useEffect(() => {
    if (open) setReason("resolved");
  }, [open]);
  return (
    <FormDialog
      title={voice ? "Hang up" : "Close conversation"}
      action={voice ? "Hang up" : "Close conversation"}
      danger
      open={open}
      onClose={onClose}
      onSubmit={async () => {
        await consoleActions.close(conversationId, reason.trim() === "" ? undefined : reason.trim());
        onClose();
      }}
    >
      <p className="muted">{voice ? "The call leaves the room and the flow continues after the transfer." : "The conversation ends and the flow continues after the transfer."}</p>
      <label>
        Reason
        <input list="close-reasons" value={reason} maxLength={200} onChange={(event) => setReason(event.target.value)} />
        <datalist id="close-reasons">
          {REASONS.map((choice) => (
            <option key={choice} value={choice} />
          ))}
        </datalist>
      </label>
    </FormDialog>
  );
}
