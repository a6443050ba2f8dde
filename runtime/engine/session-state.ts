import { z } from "zod";
import { ChatMessage, ToolCall } from "../ai/chat-message";
import { EndReason } from "./end-reason";
import { HttpError } from "./events";

/** Any JSON value: variables and HTTP bodies. */
export const JsonValue = z.json();
export type JsonValue = z.infer<typeof JsonValue>;

/** The result a node leaves for templates: `{{nodes.<id>.status}}`, `{{nodes.<id>.key}}`… */
export const HttpNodeResult = z.strictObject({
  /** Null when no response arrived (`error` says why). */
  status: z.number().int().nullable(),
  /** Parsed JSON when the body is JSON, else the text; null without a response. */
  body: JsonValue,
  error: HttpError.optional(),
});
export const MenuNodeResult = z.strictObject({ key: z.string(), label: z.string() });
export const GatherNodeResult = z.strictObject({ digits: z.string() });
/** A subflow node's: the outcome the called flow returned and its outputs. */
export const SubflowNodeResult = z.strictObject({ outcome: z.string(), outputs: z.record(z.string(), JsonValue) });
/** An ai_agent node's: the model's last reply, the model turns taken, and why it failed. */
export const AiAgentNodeResult = z.strictObject({ reply: z.string(), turns: z.number().int().min(0), error: z.string().optional() });
/** A dial node's: how the outside call ended, how long it was connected, and why it failed. */
export const DialNodeResult = z.strictObject({
  status: z.enum(["completed", "busy", "no_answer", "failed"]),
  durationSeconds: z.number().int().min(0),
  reason: z.string().optional(),
});
/** A send_message node's: `sent` or `failed`, the address, and why it failed. */
export const SendMessageNodeResult = z.strictObject({ status: z.enum(["sent", "failed"]), to: z.string().nullable(), error: z.string().optional() });
/** A record node's: what happened, and the recording when there is one. */
export const RecordNodeResult = z.strictObject({
  status: z.enum(["recorded", "no_audio", "hangup"]),
  recordingId: z.string().nullable(),
  url: z.string().nullable(),
  durationSeconds: z.number().nullable(),
  /** The finish key that ended the recording, when one did. */
  digits: z.string().optional(),
  transcript: z.string().optional(),
});
export const NodeResult = z.union([HttpNodeResult, MenuNodeResult, GatherNodeResult, SubflowNodeResult, AiAgentNodeResult, DialNodeResult, SendMessageNodeResult, RecordNodeResult]);
export type NodeResult = z.infer<typeof NodeResult>;

export const FailureCause = z.enum(["no_input", "invalid"]);
export type FailureCause = z.infer<typeof FailureCause>;

/** Waiting for caller input at a menu or gather. */
export const InputWait = z.strictObject({
  kind: z.literal("input"),
  nodeId: z.string(),
  token: z.string(),
  /** 1 for the first prompt, +1 per re-prompt; at most maxRetries + 1. */
  attempt: z.number().int().min(1),
  lastFailure: FailureCause.nullable(),
  /** Gather: keys pressed during an interruptible greeting, the start of this entry. */
  buffered: z.string(),
});
export type InputWait = z.infer<typeof InputWait>;

export const HttpWait = z.strictObject({ kind: z.literal("http"), nodeId: z.string(), token: z.string() });
export const TransferWait = z.strictObject({ kind: z.literal("transfer"), nodeId: z.string(), token: z.string() });
/** Waiting for the runtime to send a send_message node's message. */
export const SendWait = z.strictObject({ kind: z.literal("send"), nodeId: z.string(), token: z.string() });

/** Waiting for a model turn of an ai_agent (its tool calls wait as `http`, the customer as `input`). */
export const AiWait = z.strictObject({ kind: z.literal("ai"), nodeId: z.string(), token: z.string() });
export const DialWait = z.strictObject({ kind: z.literal("dial"), nodeId: z.string(), token: z.string() });
/** Waiting for the caller's recording (a record node). */
export const RecordWait = z.strictObject({ kind: z.literal("record"), nodeId: z.string(), token: z.string() });

export const Waiting = z.discriminatedUnion("kind", [InputWait, HttpWait, TransferWait, AiWait, DialWait, SendWait, RecordWait]);
export type Waiting = z.infer<typeof Waiting>;

/** A flow waiting for the subflow it called to return: where to come back to, and its own variables. */
export const CallFrame = z.strictObject({
  flowId: z.string(),
  version: z.union([z.number().int(), z.literal("draft")]),
  /** The subflow node that made the call. */
  nodeId: z.string(),
  vars: z.record(z.string(), JsonValue),
  nodes: z.record(z.string(), NodeResult),
});
export type CallFrame = z.infer<typeof CallFrame>;

/** An ai_agent node's conversation with its model: kept across visits with `history: "session"`. */
export const AgentConversation = z.strictObject({
  messages: z.array(ChatMessage),
  /** Model turns in this visit of the node. */
  turns: z.number().int().min(0),
  /** Tool calls of the last model turn not run yet. */
  pending: z.array(ToolCall),
  /** The HTTP tool call whose result the node waits for. */
  awaiting: ToolCall.optional(),
});
export type AgentConversation = z.infer<typeof AgentConversation>;

export const ChannelInfo = z.strictObject({
  kind: z.enum(["voice", "chat"]),
  /** The driver: twilio_voice, whatsapp, telegram, webchat, simulator… */
  type: z.string().min(1),
  id: z.string().optional(),
});
export type ChannelInfo = z.infer<typeof ChannelInfo>;

export const CallerInfo = z.strictObject({ phone: z.string().optional(), name: z.string().optional(), id: z.string().optional() });
export const CallInfo = z.strictObject({ id: z.string().optional(), from: z.string().optional(), to: z.string().optional() });

/**
 * Everything the engine knows about one session. JSON-serialisable: the runtime stores
 * `JSON.stringify(state)` and re-parses it with this schema; the round trip is lossless.
 */
export const SessionState = z.strictObject({
  sessionId: z.string().min(1),
  /** The flow version the session runs on (changes on goto_flow). */
  flow: z.strictObject({ flowId: z.string(), version: z.union([z.number().int(), z.literal("draft")]) }),
  /** active: created, or between events inside step; waiting: see `waiting`; ended: see `endReason`. */
  status: z.enum(["active", "waiting", "ended"]),
  currentNodeId: z.string().nullable(),
  waiting: Waiting.nullable(),
  /**
   * Voice: an interruptible greeting played and no input node has been reached since. Keys
   * pressed meanwhile are kept in `digits` and handed to the next menu or gather.
   */
  bargeIn: z.strictObject({ nodeId: z.string(), digits: z.string() }).nullable(),
  vars: z.record(z.string(), JsonValue),
  nodes: z.record(z.string(), NodeResult),
  /**
   * The flows that called the one running now through subflow nodes, outermost first; absent (or
   * empty) at the top. `flow`, `vars` and `nodes` are the called flow's meanwhile.
   */
  callStack: z.array(CallFrame).optional(),
  /** ai_agent conversations by node id (absent when there are none). */
  agents: z.record(z.string(), AgentConversation).optional(),
  caller: CallerInfo,
  call: CallInfo,
  channel: ChannelInfo,
  counters: z.strictObject({
    /** Node executions so far (guard: limits.maxSteps). */
    steps: z.number().int().min(0),
    /** Last wait token issued. */
    tokens: z.number().int().min(0),
    /** Entries per `flowId:nodeId` since the last caller input (guard: limits.maxSameNodeInARow). */
    visits: z.record(z.string(), z.number().int().min(0)),
  }),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime().nullable(),
  endReason: EndReason.nullable(),
});
export type SessionState = z.infer<typeof SessionState>;
