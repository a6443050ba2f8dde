import { z } from "zod";
import { ChatMessage, ToolSpec } from "../ai/chat-message";
import { EndReason } from "./end-reason";

/** Voice: say text (TTS) and/or play an audio asset. */
export const PromptEffect = z.strictObject({
  type: z.literal("prompt"),
  nodeId: z.string(),
  /** Rendered text. */
  text: z.string().optional(),
  audio: z.string().optional(),
  /** The prompt's voice, else the document's `settings.voice`. */
  voice: z.string().optional(),
  /** The prompt's language, else the document's `settings.language`. */
  language: z.string().optional(),
  /** An interruptible greeting: a key pressed during it skips it and goes to the next input node. */
  interruptible: z.boolean().optional(),
});

export const CollectOption = z.strictObject({ key: z.string(), label: z.string(), say: z.array(z.string()) });

/**
 * The session now waits for caller input. Voice drivers render the prompts emitted before it in the
 * same step inside their gather; every driver arms a timer of `timeoutSeconds` that sends
 * `{type: "timeout", nodeId, token}`.
 */
export const CollectEffect = z.strictObject({
  type: z.literal("collect"),
  nodeId: z.string(),
  /** Changes on every (re-)prompt; echo it in the answering event so late answers are recognised. */
  token: z.string(),
  /** menu, digits (gather), or text: any reply, in words (an ai_agent waiting for the customer). */
  mode: z.enum(["menu", "digits", "text"]),
  /** Voice: the menu's input setting (gather: dtmf). Chat: always "text". */
  input: z.enum(["dtmf", "speech", "both", "text"]),
  timeoutSeconds: z.number().int().positive(),
  minDigits: z.number().int().positive().optional(),
  maxDigits: z.number().int().positive().optional(),
  /** Key that ends a digits entry early; absent when there is none. */
  terminator: z.enum(["#", "*"]).optional(),
  options: z.array(CollectOption).optional(),
  /** Speech recognition hints: option labels and say-words (menus with speech input). */
  hints: z.array(z.string()).optional(),
});

/** Chat: one message, optionally with options to render as buttons or numbered text. */
export const MessageEffect = z.strictObject({
  type: z.literal("message"),
  nodeId: z.string(),
  text: z.string(),
  options: z.array(z.strictObject({ key: z.string(), label: z.string() })).optional(),
});

/** Make an HTTP request and answer with `{type: "http_result", nodeId, token, ...}`. */
export const HttpRequestEffect = z.strictObject({
  type: z.literal("http_request"),
  nodeId: z.string(),
  token: z.string(),
  url: z.string(),
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]),
  headers: z.record(z.string(), z.string()),
  body: z.string().optional(),
  timeoutSeconds: z.number().int().positive(),
});

/**
 * One model turn of an ai_agent node: ask the provider (by name or id) for the next message of
 * `messages`, offering `tools`, within `timeoutSeconds`; answer with `{type: "ai_result", nodeId,
 * token, content, toolCalls}` or `{…, error: {kind, message}}`.
 */
export const AiTurnEffect = z.strictObject({
  type: z.literal("ai_turn"),
  nodeId: z.string(),
  token: z.string(),
  provider: z.string(),
  model: z.string().optional(),
  messages: z.array(ChatMessage),
  tools: z.array(ToolSpec),
  timeoutSeconds: z.number().int().positive(),
});
export type AiTurnEffect = z.infer<typeof AiTurnEffect>;

/**
 * Send one message through a messaging channel (send_message) and answer with
 * `{type: "send_result", nodeId, token, result, to?, error?}`. `to` absent: the session's contact,
 * as the channel type reaches it.
 */
export const SendMessageEffect = z.strictObject({
  type: z.literal("send_message"),
  nodeId: z.string(),
  token: z.string(),
  /** Absent: the session's own channel. */
  channelId: z.string().optional(),
  /** Rendered; absent: the caller. */
  to: z.string().optional(),
  /** Rendered. */
  text: z.string(),
});

/**
 * Voice: record the caller (a voicemail) after the prompts emitted before it in the same step, and
 * answer with `{type: "record_result", nodeId, token, result, recording?}`. The driver stores the
 * audio with the session; a hang-up while recording answers `hangup` with what was recorded.
 */
export const RecordEffect = z.strictObject({
  type: z.literal("record"),
  nodeId: z.string(),
  token: z.string(),
  playBeep: z.boolean(),
  maxLengthSeconds: z.number().int().positive(),
  silenceTimeoutSeconds: z.number().int().positive(),
  /** Absent: no key ends it. */
  finishOnKey: z.string().optional(),
  transcribe: z.boolean(),
});

/**
 * Offer the conversation to an agent team. With `endsFlow` the flow is done (an `end` effect with
 * reason `transfer_handoff` follows; do not hang up). Otherwise answer with `transfer_result`.
 */
export const TransferEffect = z.strictObject({
  type: z.literal("transfer"),
  nodeId: z.string(),
  token: z.string(),
  teamId: z.string(),
  priority: z.enum(["low", "normal", "high", "urgent"]),
  timeoutSeconds: z.number().int().positive(),
  holdAudio: z.string().optional(),
  /** Rendered. */
  waitingMessage: z.string().optional(),
  endsFlow: z.boolean(),
});

/**
 * Connect the caller to an outside number or SIP address (`to`, rendered; `sip` tells which) and
 * answer with `{type: "dial_result", nodeId, token, status, durationSeconds, reason}` when that call
 * ends. `timeoutSeconds`: how long it rings; `timeLimitSeconds`: the longest it may last once
 * answered; `callerId` (rendered): what the called party sees, else the caller's own number.
 */
export const DialEffect = z.strictObject({
  type: z.literal("dial"),
  nodeId: z.string(),
  token: z.string(),
  to: z.string(),
  sip: z.boolean(),
  callerId: z.string().optional(),
  timeoutSeconds: z.number().int().positive(),
  timeLimitSeconds: z.number().int().positive(),
  record: z.boolean(),
});

/**
 * The flow is done with the session. `disconnect`: whether the driver should hang up / close the
 * conversation (false after a hand-off to agents and when the caller is already gone).
 */
export const EndEffect = z.strictObject({
  type: z.literal("end"),
  reason: EndReason,
  nodeId: z.string().optional(),
  disconnect: z.boolean(),
});

export const Effect = z.discriminatedUnion("type", [
  PromptEffect,
  CollectEffect,
  MessageEffect,
  HttpRequestEffect,
  AiTurnEffect,
  SendMessageEffect,
  RecordEffect,
  TransferEffect,
  DialEffect,
  EndEffect,
]);
export type Effect = z.infer<typeof Effect>;
export type CollectEffect = z.infer<typeof CollectEffect>;
export type DialEffect = z.infer<typeof DialEffect>;
