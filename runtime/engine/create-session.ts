import type { FlowVersionRef } from "./flow-version";
import { type ChannelInfo, type JsonValue, SessionState } from "./session-state";

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
  // Parsing drops nothing and proves the state is valid and JSON-clean from the first step.
  return SessionState.parse({
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
  });
}

/** Drops keys whose value is undefined, so the state survives a JSON round trip unchanged. */
function withoutUndefined(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined));
}
