import { z } from "zod";

/**
 * Why a session ended. Recorded in `SessionState.endReason`, in the `end` effect and in the
 * last step record.
 */
export const EndReason = z.enum([
  /** A hangup node was reached. */
  "hangup_node",
  /** The caller hung up or the chat was closed (`hangup` event). */
  "caller_hangup",
  /** The caller left while waiting for an agent (hangup during a transfer, or `transfer_result: abandoned`). */
  "abandoned",
  /** The call's final status from the provider (a Twilio status callback) when it ended the session: the call ended normally… */
  "completed",
  /** …the line was busy… */
  "busy",
  /** …the call could not be connected, or (the media plane's own calls) its connection was lost… */
  "failed",
  /** …nobody answered… */
  "no-answer",
  /** …or it was canceled before it was answered. */
  "canceled",
  /** A node took a handle that has no edge. */
  "unconnected_handle",
  /** goto_flow named a flow with no published version. */
  "goto_target_missing",
  /** A return node ended a flow that no subflow node had called (started by a channel, or reached by goto_flow). */
  "returned",
  /** A transfer with no outgoing edges handed the session over to the agents. */
  "transfer_handoff",
  /** An edge or the entry names a node that is not in the document. */
  "node_missing",
  /** A placeholder node (something an import could not convert yet) was reached: it cannot run. */
  "placeholder_node",
  /** Guard: more steps than `limits.maxSteps`. */
  "guard_steps",
  /** Guard: a node entered `limits.maxSameNodeInARow` times without caller input in between. */
  "guard_same_node",
  /** Guard: the session is older than `limits.maxSessionAgeMs`. */
  "guard_session_age",
  /** Guard: the document has more than `limits.maxNodes` nodes. */
  "guard_document_size",
]);
export type EndReason = z.infer<typeof EndReason>;

/** End reasons meaning the caller or customer is gone (nobody is left to hang up on or to write to). */
export const CALLER_GONE: ReadonlySet<EndReason> = new Set(["caller_hangup", "abandoned", "completed", "busy", "failed", "no-answer", "canceled"]);
