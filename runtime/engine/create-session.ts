import type { FlowVersionRef } from "./flow-version";
import type { ChannelInfo, JsonValue, SessionState } from "./session-state";

export interface CreateSessionInput {
  sessionId: string;
  flow: FlowVersionRef;
  channel: ChannelInfo;
  caller?: { phone?: string; name?: string; id?: string };
  call?: { id?: string; from?: string; to?: string };
  /** Initial variables; they override the document's declared defaults. */
  variables?: Record<string, string | number | boolean>;
  now: Date;
}

/** A new session pinned to `flow`, not started yet: send `{type: "start"}` to `step` next. */
export function createSession(input: CreateSessionInput): SessionState {
  const vars: Record<string, JsonValue> = { ...input.flow.document.variables, ...input.variables };
  // Built typed, not parsed: every input is already a checked value (the document, the API's or
  // driver's zod-validated input), and parsing here cost a fifth of a session start.
  if (input.sessionId === "" || input.channel.type === "") throw new Error("a session needs an id and a channel type");
  return {
    sessionId: input.sessionId,
    flow: { flowId: input.flow.flowId, version: input.flow.version },
    status: "active",
    currentNodeId: null,
    waiting: null,
    bargeIn: null,
    vars,
    nodes: {},
    caller: withoutUndefined(input.caller ?? {}),
    call: withoutUndefined(input.call ?? {}),
    channel: withoutUndefined(input.channel),
    counters: { steps: 0, tokens: 0, visits: {} },
    startedAt: input.now.toISOString(),
    endedAt: null,
    endReason: null,
  };
}

/** Drops keys whose value is undefined, so the state survives a JSON round trip unchanged. */
function withoutUndefined<T extends Record<string, unknown>>(value: T): T {
  const copy = { ...value };
  for (const key in copy) if (copy[key] === undefined) delete copy[key];
  return copy;
}
