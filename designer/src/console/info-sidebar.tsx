import { useState } from "react";
import type { ConversationView, ParticipantView } from "../../../runtime/rooms/views";
import { InsightsPanel } from "../insights/insights-panel";
import { AssigneeField } from "./assignee-field";
import { ConversationCalls } from "./conversation-calls";
import { useConsole } from "./console-store";
import { formatElapsed } from "./elapsed";
import { FlowPath } from "./flow-path";
import { InviteDialog } from "./invite-dialog";
import { ParticipantList } from "./participant-list";
import { PriorityField } from "./priority-field";
import { useFlowContext } from "./use-flow-context";
import { VariablesList } from "./variables-list";

const NOBODY: ParticipantView[] = [];

/** The info sidebar: priority, assignee, participants (and invite), durations, insights once closed, the flow path and variables. */
export function InfoSidebar({ conversation }: { conversation: ConversationView }) {
  const me = useConsole((state) => state.me);
  const participants = useConsole((state) => state.rooms[conversation.id]?.participants ?? NOBODY);
  const insights = useConsole((state) => state.rooms[conversation.id]?.insights);
  const flow = useFlowContext(conversation);
  const [inviting, setInviting] = useState(false);
  const canWork = me !== null && (conversation.assigneeId === me.id || me.role === "admin");
  const inTeam = me !== null && (me.role === "admin" || (conversation.teamId !== null && me.teamIds.includes(conversation.teamId)) || conversation.assigneeId === me.id);
  const open = conversation.status !== "closed";
  return (
    <aside className="info-sidebar" aria-label="Conversation details">
      <section className="info-section">
        <h3>Details</h3>
        <PriorityField conversationId={conversation.id} priority={conversation.priority} disabled={!canWork || !open} />
        <AssigneeField conversation={conversation} disabled={!inTeam || !open} />
        <dl className="info-facts">
          <div>
            <dt>Team</dt>
            <dd>{conversation.teamId ?? "—"}</dd>
          </div>
          <div>
            <dt>Waited</dt>
            <dd>{formatElapsed(conversation.waitMs)}</dd>
          </div>
          <div>
            <dt>Talk</dt>
            <dd>{formatElapsed(conversation.talkMs)}</dd>
          </div>
          <div>
            <dt>Hold</dt>
            <dd>{formatElapsed(conversation.holdMs)}</dd>
          </div>
        </dl>
      </section>
      <section className="info-section">
        <div className="info-section-head">
          <h3>Participants</h3>
          {canWork && open && (
            <button type="button" className="button button-small" onClick={() => setInviting(true)}>
              Invite
            </button>
          )}
        </div>
        <ParticipantList participants={participants} />
        <InviteDialog conversationId={conversation.id} open={inviting} onClose={() => setInviting(false)} />
      </section>
      <InsightsPanel
        className="info-section"
        level={3}
        insights={insights}
        waiting={open ? "A summary, the customer's sentiment and the details they gave appear here when the conversation closes." : "Loading…"}
      />
      <ConversationCalls conversation={conversation} />
      <section className="info-section">
        <h3>Flow path</h3>
        {flow === undefined ? <p className="muted small">Loading…</p> : flow === null ? <p className="muted small">Not from a flow.</p> : <FlowPath path={flow.path} />}
      </section>
      <section className="info-section">
        <h3>Variables</h3>
        {flow === undefined ? <p className="muted small">Loading…</p> : <VariablesList variables={flow?.variables ?? {}} />}
      </section>
    </aside>
  );
}
