import type { Priority } from "./room-types";

/** Priority, loud only when it matters (high, urgent). */
export function PriorityBadge({ priority }: { priority: Priority }) {
  return <span className={`priority-badge priority-${priority}`}>{priority}</span>;
}
