import type { AgentView, ConversationView } from "../../../runtime/rooms/views";
import { toastError } from "../ui/toasts";
import { CallControls } from "./call-controls";
import { ChannelBadge } from "./channel-badge";
import { consoleActions } from "./console-actions";
import { formatElapsed } from "./elapsed";
import { StatusBadge } from "./status-badge";
import { useNow } from "./use-now";
import { WhatsAppCall } from "./whatsapp-call";

/** What is going on with the conversation (time, status) and the controls over it. */
function Clock({ conversation, now }: { conversation: ConversationView; now: number }) {
  if (conversation.status === "closed")
    return <span className="muted small">Closed{conversation.closeReason === null ? "" : ` · ${conversation.closeReason.replaceAll("_", " ")}`}</span>;
  if (conversation.status === "waiting" && conversation.waitingSince !== null) return <span className="muted small">Waiting {formatElapsed(now - Date.parse(conversation.waitingSince))}</span>;
  if (conversation.answeredAt !== null) return <span className="muted small">Talking {formatElapsed(now - Date.parse(conversation.answeredAt))}</span>;
  return null;
}

/** The room's title bar: subject, contact, channel and status, time, and the call controls. */
export function RoomHeader({ conversation, me, canWork, onTheCall }: { conversation: ConversationView; me: AgentView | null; canWork: boolean; onTheCall: boolean }) {
  const now = useNow();
  const mayTake = me !== null && conversation.status === "waiting" && (me.role === "admin" || (conversation.teamId !== null && me.teamIds.includes(conversation.teamId)));
  return (
    <header className="room-header">
      <div className="room-title">
        <h2>{conversation.subject}</h2>
        <div className="room-facts">
          <ChannelBadge channel={conversation.channelType} />
          <StatusBadge status={conversation.status} />
          {conversation.contact !== null && <span className="small">{conversation.contact}</span>}
          <Clock conversation={conversation} now={now} />
        </div>
      </div>
      {mayTake && me !== null && (
        <button type="button" className="button button-primary" onClick={() => consoleActions.assign(conversation.id, me.id).catch(toastError)}>
          Take it
        </button>
      )}
      {canWork && conversation.channelType === "whatsapp_cloud" && (conversation.status === "active" || conversation.status === "on_hold") && <WhatsAppCall conversation={conversation} />}
      <CallControls conversation={conversation} canWork={canWork} onTheCall={onTheCall} />
    </header>
  );
}
