import { useState } from "react";

/** What the caller says, for menus that listen for speech. */
export function SpeechInput({ disabled, onSay }: { disabled: boolean; onSay: (text: string) => void }) {
  const [text, setText] = useState("");
  return (
    <form
      className="sim-compose"
      onSubmit={(event) => {
        event.preventDefault();
        const said = text.trim();
        if (said === "") return;
        onSay(said);
        setText("");
      }}
    >
      <input aria-label="Say" placeholder="Say something…" value={text} maxLength={4096} onChange={(event) => setText(event.target.value)} disabled={disabled} />
      <button type="submit" className="button" disabled={disabled || text.trim() === ""}>
        Say
      </button>
    </form>
  );
}
