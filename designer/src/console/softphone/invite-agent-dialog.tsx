import { useEffect, useState } from "react";
import type { ParticipantView } from "../../../../runtime/rooms/views";
import { FormDialog } from "../../settings/form-dialog";
import { consoleActions } from "../console-actions";
import { useConsole } from "../console-store";
import { mayReceive } from "../may-receive";

const NOBODY: ParticipantView[] = [];

/**
 * Brings another agent into the call (a three-way call): an agent participant on the console,
 * whose softphone joins the call's bridge at once; everyone hears the two others. Only agents who
 * may work the conversation are listed (its team's members and admins; anyone when an admin asks).
 */
export function InviteAgentDialog({ conversationId, teamId, open, onClose }: { conversationId: string; teamId: string | null; open: boolean; onClose: () => void }) {
  const agents = useConsole((state) => state.agents);
  const me = useConsole((state) => state.me);
  const participants = useConsole((state) => state.rooms[conversationId]?.participants ?? NOBODY);
  const [agentId, setAgentId] = useState("");
  useEffect(() => {
    if (open) setAgentId("");
  }, [open]);
  const inCall = new Set(participants.filter((participant) => participant.leftAt === null).flatMap((participant) => [participant.userId ?? "", participant.channel === "console" ? participant.address : ""]));
  const choices = Object.values(agents)
    .filter((agent) => agent.id !== me?.id && !inCall.has(agent.id) && mayReceive(agent, teamId, me))
    .sort((a, b) => Number(b.online) - Number(a.online) || a.name.localeCompare(b.name));
  return (
    <FormDialog
      title="Add an agent to the call"
      action="Add to call"
      open={open}
      canSubmit={agentId !== ""}
      onClose={onClose}
      onSubmit={async () => {
        const agent = agents[agentId];
        await consoleActions.invite(conversationId, { channel: "console", role: "agent", address: agentId, ...(agent === undefined ? {} : { displayName: agent.name }) });
        onClose();
      }}
    >
      <label>
        Agent
        <select value={agentId} onChange={(event) => setAgentId(event.target.value)}>
          <option value="">Choose an agent…</option>
          {choices.map((agent) => (
            <option key={agent.id} value={agent.id} disabled={!agent.online}>
              {agent.name} — {agent.online ? agent.availability : "offline"}
            </option>
          ))}
        </select>
      </label>
      <p className="muted small">They join at once through their console's softphone: the caller, you and they all hear each other. You keep the call.</p>
    </FormDialog>
  );
}
