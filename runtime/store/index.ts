export { ApiKeysRepo, API_KEY_PREFIX } from "./api-keys-repo";
export type { ApiKeyRecord, CreateApiKeyInput } from "./api-keys-repo";
export { AudioRepo } from "./audio-repo";
export type { AudioFormat, AudioRecord, NewAudio, VersionText } from "./audio-repo";
export { AuthSessionsRepo } from "./auth-sessions-repo";
export type { AuthSessionFound } from "./auth-sessions-repo";
export { CALLS_MAX_PAGE_SIZE, CALLS_PAGE_SIZE, CallsRepo, checkRecordingPath } from "./calls-repo";
export type { CallAgent, CallDirection, CallEnd, CallListFilter, CallParty, CallRecord, CallState, NewCall, RecordingMode, RecordingUpdate } from "./calls-repo";
export { canonicalJson, contentHash } from "./content-hash";
export { DatabaseTarget, databaseTargetFromEnv, describeTarget } from "./database-target";
export { dataDirFromEnv } from "./data-dir";
export type { Db, Executor } from "#store-dialect";
export type { RepoOptions } from "./repo-options";
export { flowDocumentCodec } from "./flow-document-codec";
export { FlowsRepo } from "./flows-repo";
export type { FlowHead, FlowRecord, FlowStatus, FlowSummary, FlowVersion, FlowVersionInfo, PublishOptions } from "./flows-repo";
export { InboundRepo } from "./inbound-repo";
export type { InboundInput, InboundSeen, RecordInboundResult } from "./inbound-repo";
export type { JsonValue } from "./json-text";
export { DATABASE_FILE_NAME, MIGRATIONS_FOLDER, openDatabase } from "./open-database";
export type { OpenDatabaseOptions, StoreDatabase } from "./open-database";
export { openStore, storeOn } from "./open-store";
export type { OpenStoreOptions, Store } from "./open-store";
export { hashPassword, verifyPassword } from "./password";
export type { ScryptParams } from "./password";
export { err, ok } from "./result";
export type { Result } from "./result";
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, SessionsRepo } from "./sessions-repo";
export type {
  CommitStepInput,
  CommittedStep,
  CreateSessionInput,
  FirstStepInput,
  SessionFilter,
  SessionPage,
  SessionRecord,
  SessionStatus,
  SessionStep,
  SessionSummary,
  SessionWithSteps,
  StepInput,
  TimerChanges,
} from "./sessions-repo";
export {
  ApiKeyNotFound,
  EmailTaken,
  FlowExists,
  FlowIdMismatch,
  FlowNotFound,
  InvalidCursor,
  RevisionConflict,
  SessionNotFound,
  StaleRevision,
  TeamExists,
  TeamNotFound,
  UserNotFound,
  VersionNotFound,
} from "./store-errors";
export type { StoreError } from "./store-errors";
export type { TimerInput } from "./timer-writes";
export { WriteBatch } from "./write-batch";
export { TeamsRepo } from "./teams-repo";
export type { TeamRecord } from "./teams-repo";
export { TimersRepo } from "./timers-repo";
export type { ArmTimerInput, ClaimedTimer, ClaimOptions, PendingTimer } from "./timers-repo";
export { normalizeEmail, UsersRepo } from "./users-repo";
export type { CreateUserInput, Role, UserRecord, UsersRepoOptions } from "./users-repo";
