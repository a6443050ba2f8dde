import { useEffect, useState } from "react";
import { FormDialog } from "../settings/form-dialog";
import { consoleActions } from "./console-actions";
import { useConsole } from "./console-store";
import { mayReceive } from "./may-receive";

/** Hands the conversation to another team (its routing) or agent of its team `teamId` (offered to them first; an admin may pick anyone). */
export function TransferDialog({ conversationId, teamId, open, onClose }: { conversationId: string; teamId: string | null; open: boolean; onClose: () => void }) {
  const teams = useConsole((state) => state.teams);
  const agents = useConsole((state) => state.agents);
  const me = useConsole((state) => state.me);
  const [kind, setKind] = useState<"team" | "agent">("team");
  const [target, setTarget] = useState("");
  useEffect(() => {
    if (open) setTarget("");
  }, [open, kind]);
  const others = Object.values(agents)
    .filter((agent) => agent.id !== me?.id && mayReceive(agent, teamId, me))
    .sort((a, b) => Number(b.online) - Number(a.online) || a.name.localeCompare(b.name));
  return (
    <FormDialog
      title="Transfer"
      action="Transfer"
      open={open}
      canSubmit={target !== ""}
      onClose={onClose}
      onSubmit={async () => {
        await consoleActions.transfer(conversationId, kind === "team" ? { teamId: target } : { agentId: target });
        onClose();
      }}
    >
      <div className="segmented segmented-form" role="radiogroup" aria-label="Transfer to">
        {(["team", "agent"] as const).map((choice) => (
          <button key={choice} type="button" role="radio" aria-checked={kind === choice} className="segment" onClick={() => setKind(choice)}>
            {choice === "team" ? "A team" : "An agent"}
          </button>
        ))}
      </div>
      {kind === "team" ? (
        <label>
          Team
          <select value={target} onChange={(event) => setTarget(event.target.value)}>
            <option value="">Choose a team…</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <label>
          Agent
          <select value={target} onChange={(event) => setTarget(event.target.value)}>
            <option value="">Choose an agent…</option>
            {others.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name} — {agent.online ? agent.availability : "offline"}, {agent.open}/{agent.capacity}
              </option>
            ))}
          </select>
        </label>
      )}
      <p className="muted small">The conversation goes back to waiting and is offered again; the customer stays connected.</p>
    </FormDialog>
  );
}
