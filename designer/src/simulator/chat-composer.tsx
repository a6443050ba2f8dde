import { useState } from "react";

/** The chat customer's free-text reply. */
export function ChatComposer({ disabled, onSend }: { disabled: boolean; onSend: (text: string) => void }) {
  const [text, setText] = useState("");
  return (
    <form
      className="sim-compose"
      onSubmit={(event) => {
        event.preventDefault();
        const message = text.trim();
        if (message === "") return;
        onSend(message);
        setText("");
      }}
    >
      <input aria-label="Message" placeholder="Type a reply…" value={text} maxLength={4096} onChange={(event) => setText(event.target.value)} disabled={disabled} />
      <button type="submit" className="button button-primary" disabled={disabled || text.trim() === ""}>
        Send
      </button>
    </form>
  );
}
