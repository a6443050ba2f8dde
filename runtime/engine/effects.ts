import { z } from "zod";
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
  mode: z.enum(["menu", "digits"]),
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
  SendMessageEffect,
  RecordEffect,
  TransferEffect,
  EndEffect,
]);
export type Effect = z.infer<typeof Effect>;
export type CollectEffect = z.infer<typeof CollectEffect>;
