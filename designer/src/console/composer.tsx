import { type KeyboardEvent, useState } from "react";
import { toastError } from "../ui/toasts";
import { consoleActions } from "./console-actions";
import { ReplySuggestions } from "./reply-suggestions";

/** Writes to the customer: Enter sends, Shift+Enter starts a new line; a suggested reply goes into the box, never out. */
export function Composer({ conversationId, disabledReason }: { conversationId: string; disabledReason: string | null }) {
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const send = () => {
    const body = text.trim();
    if (body === "" || sending) return;
    setSending(true);
    consoleActions
      .send(conversationId, body)
      .then(() => setText(""), toastError)
      .finally(() => setSending(false));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };
  const disabled = disabledReason !== null;
  return (
    <>
      {!disabled && <ReplySuggestions conversationId={conversationId} disabled={sending} onPick={setText} />}
      <form
        className="composer"
        onSubmit={(event) => {
          event.preventDefault();
          send();
        }}
      >
        <textarea
          aria-label="Message"
          rows={2}
          value={text}
          disabled={disabled}
          placeholder={disabledReason ?? "Write to the customer… (Enter sends, Shift+Enter for a new line)"}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="button button-primary" disabled={disabled || sending || text.trim() === ""}>
          Send
        </button>
      </form>
    </>
  );
}
