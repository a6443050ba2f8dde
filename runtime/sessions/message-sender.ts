import type { Effect, EngineEvent, SessionState } from "../engine/index";

export type SendMessageEffect = Extract<Effect, { type: "send_message" }>;

/** What became of one send_message: the address it went to, or why it did not go. */
export type SendOutcome = { ok: true; to: string } | { ok: false; to?: string; error: string };

/**
 * Where send_message effects go: the channels runtime implements it (runtime/channels/flow-messages.ts)
 * with the messaging channels' own senders. Called by the runner outside the session's lock; it
 * must not throw (a failure is an outcome).
 */
export interface MessageSender {
  send(effect: SendMessageEffect, session: { sessionId: string; state: SessionState }): Promise<SendOutcome>;
}

/** The default: nothing can be sent (a runner without channels). */
export const noMessageSender: MessageSender = {
  send: () => Promise.resolve({ ok: false, error: "this runtime has no messaging channels" }),
};

/** The engine's answer to a `send_message` effect, echoing its token and node. */
export function sendResultEvent(effect: SendMessageEffect, outcome: SendOutcome): EngineEvent {
  const addressed = { token: effect.token, nodeId: effect.nodeId };
  const to = outcome.to === undefined ? {} : { to: outcome.to.slice(0, 1000) };
  if (outcome.ok) return { type: "send_result", result: "sent", ...to, ...addressed };
  return { type: "send_result", result: "failed", error: outcome.error.slice(0, 1000), ...to, ...addressed };
}
