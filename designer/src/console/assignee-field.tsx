import type { ConversationView } from "../../../runtime/rooms/views";
import { toastError } from "../ui/toasts";
import { consoleActions } from "./console-actions";
import { useConsole } from "./console-store";
import { mayReceive } from "./may-receive";

/** Who works the conversation (POST assign): the team's agents and admins (for an admin: everyone). */
export function AssigneeField({ conversation, disabled }: { conversation: ConversationView; disabled: boolean }) {
  const agents = useConsole((state) => state.agents);
  const me = useConsole((state) => state.me);
  const candidates = Object.values(agents)
    .filter((agent) => agent.id === conversation.assigneeId || mayReceive(agent, conversation.teamId, me))
    .sort((a, b) => a.name.localeCompare(b.name));
  return (
    <label className="field-row">
      Assignee
      <select
        value={conversation.assigneeId ?? ""}
        disabled={disabled || conversation.status === "closed"}
        onChange={(event) => {
          if (event.target.value !== "") consoleActions.assign(conversation.id, event.target.value).catch(toastError);
        }}
      >
        {conversation.assigneeId === null && <option value="">Unassigned</option>}
        {candidates.map((agent) => (
          <option key={agent.id} value={agent.id}>
            {agent.name}
            {agent.online ? (agent.availability === "away" ? " (away)" : "") : " (offline)"}
          </option>
        ))}
      </select>
    </label>
  );
}
