import type { SessionStatus } from "./sessions-api";
import "./call-logs.css";

const TEXT: Record<SessionStatus, string> = { active: "Active", waiting: "Waiting", ended: "Ended" };

/** A session's status as a coloured badge. */
export function StatusBadge({ status }: { status: SessionStatus }) {
  return <span className={`badge session-status session-status-${status}`}>{TEXT[status]}</span>;
}
