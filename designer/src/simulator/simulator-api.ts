import { z } from "zod";
import { api } from "../api/api-client";

/*
 * The simulator API as the panel reads it. The schemas are deliberately loose (extra fields are
 * allowed) so a runtime that adds a field does not break the designer.
 */

export const PromptEffect = z.object({
  type: z.literal("prompt"),
  nodeId: z.string(),
  text: z.string().optional(),
  audio: z.string().optional(),
  voice: z.string().optional(),
  language: z.string().optional(),
});
export const CollectEffect = z.object({
  type: z.literal("collect"),
  nodeId: z.string(),
  token: z.string(),
  mode: z.enum(["menu", "digits", "text"]),
  input: z.enum(["dtmf", "speech", "both", "text"]),
  timeoutSeconds: z.number(),
  minDigits: z.number().optional(),
  maxDigits: z.number().optional(),
  terminator: z.enum(["#", "*"]).optional(),
  options: z.array(z.object({ key: z.string(), label: z.string() })).optional(),
});
export type CollectEffect = z.infer<typeof CollectEffect>;
export const MessageEffect = z.object({
  type: z.literal("message"),
  nodeId: z.string(),
  text: z.string(),
  options: z.array(z.object({ key: z.string(), label: z.string() })).optional(),
});
export const HttpRequestEffect = z.object({
  type: z.literal("http_request"),
  nodeId: z.string(),
  url: z.string(),
  method: z.string(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.string().optional(),
  timeoutSeconds: z.number().optional(),
});
/** A model turn of an ai_agent (the runtime asks the provider; its answer arrives in the same response). */
export const AiTurnEffect = z.object({
  type: z.literal("ai_turn"),
  nodeId: z.string(),
  provider: z.string(),
  model: z.string().optional(),
  tools: z.array(z.object({ name: z.string() })).optional(),
});
export const TransferEffect = z.object({
  type: z.literal("transfer"),
  nodeId: z.string(),
  teamId: z.string(),
  priority: z.string(),
  timeoutSeconds: z.number(),
  waitingMessage: z.string().optional(),
  holdAudio: z.string().optional(),
  endsFlow: z.boolean(),
});
export type TransferEffect = z.infer<typeof TransferEffect>;
export const DialEffect = z.object({
  type: z.literal("dial"),
  nodeId: z.string(),
  to: z.string(),
  sip: z.boolean(),
  callerId: z.string().optional(),
  timeoutSeconds: z.number(),
  timeLimitSeconds: z.number(),
  record: z.boolean(),
});
export const EndEffect = z.object({ type: z.literal("end"), reason: z.string(), nodeId: z.string().optional(), disconnect: z.boolean().optional() });

export const SimEffect = z.discriminatedUnion("type", [PromptEffect, CollectEffect, MessageEffect, HttpRequestEffect, AiTurnEffect, TransferEffect, DialEffect, EndEffect]);
export type SimEffect = z.infer<typeof SimEffect>;

export const SessionStatus = z.enum(["active", "waiting", "ended"]);
export type SessionStatus = z.infer<typeof SessionStatus>;
export const WaitingFor = z.enum(["input", "http", "transfer", "ai", "dial"]);
export type WaitingFor = z.infer<typeof WaitingFor>;

/** POST /api/simulations and POST /api/simulations/:id/events. */
export const SimulationResult = z.object({
  sessionId: z.string(),
  status: SessionStatus,
  effects: z.array(SimEffect),
  currentNodeId: z.string().nullable(),
  waitingFor: WaitingFor.nullable(),
  variables: z.record(z.string(), z.unknown()),
  nodes: z.record(z.string(), z.unknown()),
  endReason: z.string().nullable(),
});
export type SimulationResult = z.infer<typeof SimulationResult>;

export const SessionStep = z.object({
  seq: z.number(),
  nodeId: z.string(),
  nodeType: z.string(),
  outcome: z.string().nullable(),
  input: z.string().nullable(),
  at: z.string(),
});
export type SessionStep = z.infer<typeof SessionStep>;

/** The parts of the engine's session state the panel shows. */
export const SessionStateView = z.object({
  status: SessionStatus,
  currentNodeId: z.string().nullable(),
  waiting: z.object({ kind: WaitingFor, nodeId: z.string(), token: z.string() }).nullable(),
  vars: z.record(z.string(), z.unknown()),
  nodes: z.record(z.string(), z.unknown()),
  endReason: z.string().nullable(),
});
export type SessionStateView = z.infer<typeof SessionStateView>;

/** GET /api/sessions/:id. */
export const SessionView = z.object({
  id: z.string(),
  status: SessionStatus,
  endReason: z.string().nullable(),
  state: SessionStateView,
  steps: z.array(SessionStep),
});
export type SessionView = z.infer<typeof SessionView>;

export type SimChannel = "voice" | "chat";
export type SimSource = "draft" | "published";

export interface StartOptions {
  flowId: string;
  source: SimSource;
  channel: SimChannel;
  caller?: string;
}

/** What the simulated caller does. */
export type SimEvent =
  | { type: "digits"; digits: string }
  | { type: "text"; text: string }
  | { type: "speech"; text: string }
  | { type: "button"; key: string }
  | { type: "timeout" }
  | { type: "hangup" }
  | { type: "transfer_result"; result: "completed" | "no_answer" | "abandoned" }
  | { type: "dial_result"; status: "completed" | "busy" | "no_answer" | "failed"; durationSeconds?: number };

/** The calls the simulator makes; an interface so the store can be tested without a server. */
export interface SimulatorClient {
  start(options: StartOptions): Promise<SimulationResult>;
  send(sessionId: string, event: SimEvent): Promise<SimulationResult>;
  session(sessionId: string): Promise<SessionView>;
}

export const simulatorApi: SimulatorClient = {
  start: async (options) =>
    SimulationResult.parse(
      await api("POST", "/api/simulations", {
        flowId: options.flowId,
        source: options.source,
        channel: options.channel,
        ...(options.caller ? { caller: options.caller } : {}),
      }),
    ),
  send: async (sessionId, event) => SimulationResult.parse(await api("POST", `/api/simulations/${encodeURIComponent(sessionId)}/events`, event)),
  session: async (sessionId) => SessionView.parse(await api("GET", `/api/sessions/${encodeURIComponent(sessionId)}`)),
};
