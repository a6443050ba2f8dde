import type { SimEvent } from "./simulator-api";

const OUTCOMES = [
  { status: "completed", label: "Answered (then ended)" },
  { status: "busy", label: "Busy" },
  { status: "no_answer", label: "No answer" },
  { status: "failed", label: "Failed" },
] as const;

/** While a dial node's call is out: simulate how it ended. */
export function DialControls({ to, disabled, onSend }: { to: string | null; disabled: boolean; onSend: (event: SimEvent) => void }) {
  return (
    <div className="sim-transfer" role="group" aria-label="Dial">
      <p>
        Dialling {to === null ? "out" : <strong>{to}</strong>}… <span className="muted">Simulate:</span>
      </p>
      <div className="toolbar">
        {OUTCOMES.map(({ status, label }) => (
          <button key={status} type="button" className="button" disabled={disabled} onClick={() => onSend(status === "completed" ? { type: "dial_result", status, durationSeconds: 60 } : { type: "dial_result", status })}>
            {label}
          </button>
        ))}
      </div>
    </div>
  );
}
