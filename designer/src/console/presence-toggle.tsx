import { toastError } from "../ui/toasts";
import { consoleActions } from "./console-actions";
import { useConsole } from "./console-store";

const SOCKET_TEXT = { open: "Online", connecting: "Connecting…", offline: "Offline" } as const;

/** The socket's online state (presence) and the availability the agent chooses (available / away). */
export function PresenceToggle() {
  const socket = useConsole((state) => state.socket);
  const me = useConsole((state) => state.me);
  const availability = me?.availability ?? "available";
  return (
    <div className="presence">
      <span className={`presence-state presence-${socket}`} role="status" aria-label="Connection">
        <span className="presence-dot" aria-hidden="true" />
        {SOCKET_TEXT[socket]}
      </span>
      <div className="segmented" role="radiogroup" aria-label="Availability">
        {(["available", "away"] as const).map((choice) => (
          <button
            key={choice}
            type="button"
            role="radio"
            aria-checked={availability === choice}
            className={`segment segment-${choice}`}
            disabled={me === null}
            onClick={() => {
              if (choice !== availability) consoleActions.setAvailability(choice).catch(toastError);
            }}
          >
            {choice === "available" ? "Available" : "Away"}
          </button>
        ))}
      </div>
    </div>
  );
}
