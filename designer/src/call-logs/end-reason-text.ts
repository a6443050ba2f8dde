const TEXT: Record<string, string> = {
  hangup_node: "Hang-up node reached",
  caller_hangup: "Caller hung up",
  abandoned: "Left while waiting for an agent",
  completed: "Call ended (completed)",
  busy: "Line busy",
  failed: "Call failed",
  "no-answer": "No answer",
  canceled: "Call canceled",
  unconnected_handle: "Outcome with no edge",
  goto_target_missing: "Target flow not published",
  transfer_handoff: "Handed over to agents",
  returned: "Return node reached (no calling flow)",
  node_missing: "Node missing",
  placeholder_node: "Reached a node that was not converted",
  guard_steps: "Too many steps",
  guard_same_node: "Same node repeated too often",
  guard_session_age: "Session too old",
  guard_document_size: "Flow too large",
};

/** A session's end reason (`caller_hangup`…) in words; unknown reasons as they are. */
export function endReasonText(reason: string | null): string {
  if (reason === null) return "—";
  return TEXT[reason] ?? reason;
}

/** Why a call's media ended (`calls.end_reason`), in words. */
const CALL_TEXT: Record<string, string> = {
  hangup: "Hung up",
  hangup_node: "Hang-up node reached",
  ice_timeout: "The connection was never established (ICE timed out)",
  peer_gone: "The connection was lost",
  no_rtp: "No audio arrived any more (the connection was lost)",
  transport_failed: "The network connection failed",
  media_process_exit: "The media process stopped",
  media_lost_on_restart: "Lost when the server restarted",
  shutdown: "The server shut down",
};

/** A call's end reason (`peer_gone`…) in words; a session's reasons as for sessions; unknown ones as they are. */
export function callEndReasonText(reason: string | null): string {
  if (reason === null) return "—";
  return CALL_TEXT[reason] ?? endReasonText(reason);
}
