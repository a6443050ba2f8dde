import { useState } from "react";

export interface TextEntryProps {
  /** The field's accessible name, e.g. "Message" or "Say". */
  label: string;
  placeholder: string;
  /** The button's text. */
  action: string;
  primary?: boolean;
  disabled: boolean;
  onSubmit: (text: string) => void;
}

/** One line of text the simulated customer types (a chat reply) or says (speech for a menu). */
export function TextEntry({ label, placeholder, action, primary, disabled, onSubmit }: TextEntryProps) {
  const [text, setText] = useState("");
  return (
    <form
      className="sim-compose"
      onSubmit={(event) => {
        event.preventDefault();
        const entered = text.trim();
        if (entered === "") return;
        onSubmit(entered);
        setText("");
      }}
    >
      <input aria-label={label} placeholder={placeholder} value={text} maxLength={4096} onChange={(event) => setText(event.target.value)} disabled={disabled} />
      <button type="submit" className={primary ? "button button-primary" : "button"} disabled={disabled || text.trim() === ""}>
        {action}
      </button>
    </form>
  );
}
