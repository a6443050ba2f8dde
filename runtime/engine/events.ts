import { z } from "zod";
import { ToolCall } from "../ai/chat-message";

/**
 * Optional addressing on events that answer something the engine asked for. When present and not
 * matching what the session waits for, the event is stale and ignored (e.g. a timer armed for an
 * earlier attempt). `token` is the one in the `collect`, `http_request` or `transfer` effect.
 */
const Addressed = {
  nodeId: z.string().min(1).max(64).optional(),
  token: z.string().min(1).max(64).optional(),
};

export const StartEvent = z.strictObject({ type: z.literal("start") });

/** DTMF keys: one complete entry (a trailing terminator is stripped by gather). */
export const DigitsEvent = z.strictObject({
  type: z.literal("digits"),
  digits: z.string().regex(/^[0-9*#]*$/, "DTMF keys only").max(128),
  ...Addressed,
});

/** A chat message typed by the customer. */
export const TextEvent = z.strictObject({ type: z.literal("text"), text: z.string().max(4096), ...Addressed });

/** Recognised speech on voice. */
export const SpeechEvent = z.strictObject({
  type: z.literal("speech"),
  text: z.string().max(4096),
  confidence: z.number().min(0).max(1).optional(),
  ...Addressed,
});

/** A chat button (quick reply) tapped: carries the menu option key. */
export const ButtonEvent = z.strictObject({ type: z.literal("button"), key: z.string().min(1).max(64), ...Addressed });

/**
 * The input timer ran out. `digits` are keys the caller had typed when it did (a partial entry);
 * a gather accepts them when they satisfy minDigits and the pattern.
 */
export const TimeoutEvent = z.strictObject({
  type: z.literal("timeout"),
  digits: z.string().regex(/^[0-9*#]*$/, "DTMF keys only").max(128).optional(),
  ...Addressed,
});

export const HttpError = z.enum(["timeout", "network", "blocked", "too_large"]);
export type HttpError = z.infer<typeof HttpError>;

/** The answer to an `http_request` effect: a status and body, or an error. */
export const HttpResultEvent = z.strictObject({
  type: z.literal("http_result"),
  status: z.number().int().min(100).max(599).optional(),
  body: z.string().optional(),
  error: HttpError.optional(),
  ...Addressed,
});

/**
 * The answer to an `ai_turn` effect: what the model said and the tools it called, or why the turn
 * failed (`kind`: an `AiError` kind such as timeout, html, invalid_tool_arguments, rate_limited).
 */
export const AiResultEvent = z.strictObject({
  type: z.literal("ai_result"),
  content: z.string().max(20_000).optional(),
  toolCalls: z.array(ToolCall).max(20).optional(),
  error: z.strictObject({ kind: z.string().min(1).max(40), message: z.string().max(2000) }).optional(),
  /** The model that answered. */
  model: z.string().max(200).optional(),
  ...Addressed,
});

/** The answer to a `send_message` effect: sent (the provider accepted it), or failed and why. */
export const SendResultEvent = z.strictObject({
  type: z.literal("send_result"),
  result: z.enum(["sent", "failed"]),
  /** The address it went (or was to go) to. */
  to: z.string().max(1000).optional(),
  /** Why it failed, for the step's note and `nodes.<id>.error`. */
  error: z.string().max(1000).optional(),
  ...Addressed,
});

/** A stored recording, as a record node's answer carries it. */
export const RecordingInfo = z.strictObject({
  id: z.string().min(1).max(200),
  /** Where it can be fetched (with credentials). */
  url: z.string().max(2000),
  durationSeconds: z.number().min(0),
  /** The key that ended the recording (one of the node's finish keys; Twilio's `Digits`), when one did. */
  digits: z.string().max(10).optional(),
  transcript: z.string().max(20_000).optional(),
});

/** The answer to a `record` effect: what became of the recording (absent on no_audio). */
export const RecordResultEvent = z.strictObject({
  type: z.literal("record_result"),
  result: z.enum(["recorded", "no_audio", "hangup"]),
  recording: RecordingInfo.optional(),
  /** Why the recording could not be stored or transcribed, for the step's note. */
  note: z.string().max(1000).optional(),
  ...Addressed,
});

export const TransferOutcome = z.enum(["completed", "no_answer", "abandoned"]);

/** The answer to a `transfer` effect that waits. */
export const TransferResultEvent = z.strictObject({
  type: z.literal("transfer_result"),
  result: TransferOutcome,
  ...Addressed,
});

export const DialResultStatus = z.enum(["completed", "busy", "no_answer", "failed"]);
export type DialResultStatus = z.infer<typeof DialResultStatus>;

/**
 * The answer to a `dial` effect: how the outside call ended, how long it was connected
 * (`durationSeconds`, 0 when it never was) and, for `failed`, why.
 */
export const DialResultEvent = z.strictObject({
  type: z.literal("dial_result"),
  status: DialResultStatus,
  durationSeconds: z.number().int().min(0).optional(),
  reason: z.string().max(500).optional(),
  ...Addressed,
});

/** A call's final status as the provider reported it (Twilio's status callback): the session's end reason. */
export const CallEndStatus = z.enum(["completed", "busy", "failed", "no-answer", "canceled"]);
export type CallEndStatus = z.infer<typeof CallEndStatus>;

/**
 * The caller hung up or the chat was closed. Always ends an active session: with the call's final
 * status when the channel reported one (`callStatus`), else `caller_hangup`; `abandoned` either
 * way while the session waited for an agent.
 */
export const HangupEvent = z.strictObject({ type: z.literal("hangup"), callStatus: CallEndStatus.optional() });

export const EngineEvent = z.discriminatedUnion("type", [
  StartEvent,
  DigitsEvent,
  TextEvent,
  SpeechEvent,
  ButtonEvent,
  TimeoutEvent,
  HttpResultEvent,
  AiResultEvent,
  SendResultEvent,
  RecordResultEvent,
  TransferResultEvent,
  DialResultEvent,
  HangupEvent,
]);
export type EngineEvent = z.infer<typeof EngineEvent>;

/** Events that answer a waiting input node. */
export type InputEvent = Extract<EngineEvent, { type: "digits" | "text" | "speech" | "button" | "timeout" }>;
export type HttpResult = z.infer<typeof HttpResultEvent>;
export type TransferResult = z.infer<typeof TransferResultEvent>;
export type AiResult = z.infer<typeof AiResultEvent>;
export type DialResult = z.infer<typeof DialResultEvent>;
export type SendResult = z.infer<typeof SendResultEvent>;
export type RecordResult = z.infer<typeof RecordResultEvent>;
