import type { EndReason } from "./end-reason";
import type { FlowVersionRef } from "./flow-version";
import type { JsonValue, Waiting } from "./session-state";

/**
 * What a node executor decides; the step loop acts on it and writes the step record. `note` goes
 * into that record: why the node decided as it did when it could not do what the document asks
 * (a pattern that cannot run), for the log.
 */
export type Outcome = (
  /** Leave along a handle (recorded as the outcome). */
  | { kind: "follow"; handle: string; input?: string }
  /**
   * Stop and wait; `outcome` is recorded: "waiting" on entry, "no_input" / "invalid" on a retry;
   * an ai_agent's "model_turn", "tool:<name>" (an HTTP tool call) or "reply" (waits for the customer).
   */
  | { kind: "wait"; waiting: Waiting; outcome: "waiting" | "no_input" | "invalid" | "model_turn" | "reply" | `tool:${string}`; input?: string }
  /** End the session. */
  | { kind: "end"; reason: EndReason; input?: string }
  /** Continue at the entry of another flow version. */
  | { kind: "goto"; target: FlowVersionRef }
  /** Call a subflow: run `target` from its entry with these variables, then come back here. */
  | { kind: "call"; target: FlowVersionRef; vars: Record<string, JsonValue> }
  /** Return from a subflow to the node that called it, with an outcome and outputs. */
  | { kind: "return"; outcome: string; outputs: Record<string, JsonValue>; /** Why the caller must take `failed` instead. */ failure?: string }
) & { note?: string };
