import type { HttpOutcome } from "../callbacks/perform-http-request";
import type { Effect, EngineEvent } from "../engine/index";

export type HttpRequestEffect = Extract<Effect, { type: "http_request" }>;

/** The engine's answer to an `http_request` effect, echoing its token and node. */
export function httpResultEvent(effect: HttpRequestEffect, outcome: HttpOutcome): EngineEvent {
  const addressed = { token: effect.token, nodeId: effect.nodeId };
  if (!outcome.ok) return { type: "http_result", error: outcome.error, ...addressed };
  // A status line outside HTTP's range is no usable answer.
  if (outcome.status < 100 || outcome.status > 599) return { type: "http_result", error: "network", ...addressed };
  return { type: "http_result", status: outcome.status, body: outcome.body, ...addressed };
}
