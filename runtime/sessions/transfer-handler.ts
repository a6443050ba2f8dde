import type { Effect, SessionState } from "../engine/index";

export type TransferEffect = Extract<Effect, { type: "transfer" }>;

/**
 * Where transfers go: agent rooms implement it, and answer a waiting transfer with
 * `runner.dispatch(sessionId, {type: "transfer_result", result, token, nodeId}, {origin: "system"})`.
 *
 * Both methods run under the session's lock: they must not wait for a dispatch to the same
 * session (start it, do not await it). The runner enforces the transfer's `timeoutSeconds` with a
 * durable timer (`no_answer`), so a handler never has to.
 */
export interface TransferHandler {
  /** Offer the conversation to `effect.teamId`. With `effect.endsFlow` the flow is done: agents own it. */
  offer(sessionId: string, effect: TransferEffect, state: SessionState): Promise<void>;
  /** The transfer wait ended without an agent taking it (no answer, hangup): withdraw the offer. */
  cancel(sessionId: string): Promise<void>;
}

/** The default: transfers go nowhere and end in `no_answer` when their timer fires. */
export const noTransfers: TransferHandler = {
  offer: () => Promise.resolve(),
  cancel: () => Promise.resolve(),
};
