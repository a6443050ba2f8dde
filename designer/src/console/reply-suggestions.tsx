import { useEffect, useState } from "react";
import { consoleApi } from "./console-api";

type State = { kind: "idle" } | { kind: "asking" } | { kind: "shown"; suggestions: string[]; provider: string } | { kind: "failed"; message: string };

/**
 * "Suggest replies": asks the assist AI provider for replies and shows them as buttons; choosing
 * one puts it in the composer (`onPick`) for the agent to edit and send. Nothing is ever sent by it.
 */
export function ReplySuggestions({ conversationId, disabled, onPick }: { conversationId: string; disabled: boolean; onPick: (text: string) => void }) {
  const [state, setState] = useState<State>({ kind: "idle" });
  useEffect(() => setState({ kind: "idle" }), [conversationId]);
  const ask = () => {
    setState({ kind: "asking" });
    consoleApi.suggestions(conversationId).then(
      (answer) => setState({ kind: "shown", suggestions: answer.suggestions, provider: answer.provider }),
      (error: unknown) => setState({ kind: "failed", message: error instanceof Error ? error.message : String(error) }),
    );
  };
  return (
    <div className="reply-suggestions" role="group" aria-label="Reply suggestions">
      <button type="button" className="button button-small" disabled={disabled || state.kind === "asking"} onClick={ask}>
        {state.kind === "asking" ? "Asking…" : "Suggest replies"}
      </button>
      {state.kind === "failed" && (
        <span className="form-error small" role="alert">
          {state.message}
        </span>
      )}
      {state.kind === "shown" &&
        (state.suggestions.length === 0 ? (
          <span className="muted small">{state.provider} suggested nothing.</span>
        ) : (
          state.suggestions.map((suggestion) => (
            <button
              key={suggestion}
              type="button"
              className="suggestion-chip"
              title={`Put in the message box (by ${state.provider})`}
              onClick={() => {
                onPick(suggestion);
                setState({ kind: "idle" });
              }}
            >
              {suggestion}
            </button>
          ))
        ))}
    </div>
  );
}
