import type { SimEvent } from "./simulator-api";

/** While the session waits for an agent: simulate the agent answering, or nobody answering. */
export function TransferControls({ teamId, disabled, onSend }: { teamId: string | null; disabled: boolean; onSend: (event: SimEvent) => void }) {
  return (
    <div className="sim-transfer" role="group" aria-label="Transfer">
      <p>
        Transferring to {teamId === null ? "a team" : <>team <strong>{teamId}</strong></>}… <span className="muted">Simulate:</span>
      </p>
      <div className="toolbar">
        <button type="button" className="button" disabled={disabled} onClick={() => onSend({ type: "transfer_result", result: "completed" })}>
          Agent answered
        </button>
        <button type="button" className="button" disabled={disabled} onClick={() => onSend({ type: "transfer_result", result: "no_answer" })}>
          No answer
        </button>
      </div>
    </div>
  );
}
