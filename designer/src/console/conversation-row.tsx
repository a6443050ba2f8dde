import type { ConversationView } from "../../../runtime/rooms/views";
import { Link } from "../router/link";
import { ChannelBadge } from "./channel-badge";
import { roomPath } from "./console-actions";
import { formatElapsed } from "./elapsed";
import { PriorityBadge } from "./priority-badge";
import { StatusBadge } from "./status-badge";

/** One conversation in the list: priority, subject, contact, channel, status and age. */
export function ConversationRow(props: { conversation: ConversationView; selected: boolean; now: number; assignee: string | null; unread: boolean }) {
  const { conversation, selected, now, assignee, unread } = props;
  const since = conversation.status === "waiting" ? conversation.waitingSince : (conversation.answeredAt ?? conversation.createdAt);
  return (
    <li>
      <Link href={roomPath(conversation.id)} className={`conversation-row priority-edge-${conversation.priority}`} aria-current={selected ? "true" : undefined}>
        <span className="conversation-row-top">
          <span className="conversation-subject">
            {unread && <span className="unread-dot" title="New messages" aria-label="New messages" />}
            {conversation.subject}
          </span>
          <span className="muted small conversation-age">{since === null ? "" : formatElapsed(now - Date.parse(since))}</span>
        </span>
        <span className="conversation-row-meta">
          <ChannelBadge channel={conversation.channelType} />
          <StatusBadge status={conversation.status} />
          {conversation.priority !== "normal" && <PriorityBadge priority={conversation.priority} />}
          <span className="muted small conversation-who">{assignee ?? conversation.contact ?? ""}</span>
        </span>
      </Link>
    </li>
  );
}
