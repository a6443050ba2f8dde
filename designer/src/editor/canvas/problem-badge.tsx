import type { ProblemCount } from "../store/editor-state";

/** The red (errors) or amber (warnings only) count on a node with problems. */
export function ProblemBadge({ count }: { count: ProblemCount }) {
  if (count.errors === 0 && count.warnings === 0) return null;
  const isError = count.errors > 0;
  const total = isError ? count.errors : count.warnings;
  const text = `${total} ${isError ? "error" : "warning"}${total === 1 ? "" : "s"}`;
  return (
    <span className={`problem-badge ${isError ? "problem-badge-error" : "problem-badge-warning"}`} title={text} aria-label={text}>
      {total}
    </span>
  );
}
