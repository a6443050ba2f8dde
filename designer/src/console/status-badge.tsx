import type { ConversationStatus } from "./room-types";

const LABELS: Record<ConversationStatus, string> = { waiting: "Waiting", active: "Active", on_hold: "On hold", closed: "Closed" };

/** A conversation's status as a coloured pill. */
export function StatusBadge({ status }: { status: ConversationStatus }) {
  return <span className={`badge conversation-status-${status}`}>{LABELS[status]}</span>;
}
