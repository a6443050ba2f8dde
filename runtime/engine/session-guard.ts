import type { EndReason } from "./end-reason";
import type { Run } from "./run";

/**
 * Guards checked on every event: the document is small enough to run, and the session is not
 * older than `maxSessionAgeMs`. The reason to end with, or undefined.
 */
export function sessionGuard(run: Run): EndReason | undefined {
  const { limits, now } = run.env;
  if (run.flow.document.nodes.length > limits.maxNodes) return "guard_document_size";
  if (now.getTime() - Date.parse(run.state.startedAt) > limits.maxSessionAgeMs) return "guard_session_age";
  return undefined;
}
