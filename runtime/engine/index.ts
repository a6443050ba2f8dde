export { createSession } from "./create-session";
export type { CreateSessionInput } from "./create-session";
export {
  AiTurnEffect,
  CollectEffect,
  CollectOption,
  Effect,
  EndEffect,
  HttpRequestEffect,
  MessageEffect,
  PromptEffect,
  TransferEffect,
} from "./effects";
export { CALLER_GONE, EndReason } from "./end-reason";
export type { EngineEnv } from "./env";
export {
  AiResultEvent,
  ButtonEvent,
  DigitsEvent,
  EngineEvent,
  CallEndStatus,
  HangupEvent,
  HttpError,
  HttpResultEvent,
  SpeechEvent,
  StartEvent,
  TextEvent,
  TimeoutEvent,
  TransferOutcome,
  TransferResultEvent,
} from "./events";
export type { FlowVersionRef } from "./flow-version";
export { DEFAULT_LIMITS, EngineLimits } from "./limits";
export { matchOption } from "./match-option";
export { JsonValue, NodeResult, SessionState, Waiting } from "./session-state";
export { FlowMismatchError, step } from "./step";
export type { StepInput, StepResult } from "./step";
export { StepRecord } from "./step-record";
export { templateScope } from "./template-scope";
