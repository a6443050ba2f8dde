import { type Db, DIALECT, type DialectDatabase, type GroupCommit, openDb } from "#store-dialect";
import type { AiProvidersRepo } from "./ai-providers-repo";
import type { AnalyticsRepo } from "./analytics/analytics-repo";
import type { ApiKeysRepo } from "./api-keys-repo";
import type { AudioRepo } from "./audio-repo";
import type { AuthSessionsRepo } from "./auth-sessions-repo";
import type { CallsRepo } from "./calls-repo";
import type { ChannelsRepo } from "./channels-repo";
import type { DatabaseTarget } from "./database-target";
import type { FlowsRepo } from "./flows-repo";
import type { InboundRepo } from "./inbound-repo";
import type { ScryptParams } from "./password";
import { portableRepos } from "./portable-repos";
import type { RoomsRepo } from "./rooms-repo";
import type { SessionRecordingsRepo } from "./session-recordings-repo";
import type { SessionsRepo } from "./sessions-repo";
import type { TeamsRepo } from "./teams-repo";
import type { TimersRepo } from "./timers-repo";
import type { TranscriptionProvidersRepo } from "./transcription-providers-repo";
import type { UsersRepo } from "./users-repo";

export interface OpenStoreOptions {
  /** Milliseconds since the Unix epoch; `Date.now` unless a test pins the time. */
  now?: () => number;
  /** scrypt cost for new password hashes (tests may lower it). */
  scrypt?: ScryptParams;
  /** Write the analytics rollups (default true). */
  rollups?: boolean;
}

/** Every repository over one database. */
export interface Store {
  flows: FlowsRepo;
  sessions: SessionsRepo;
  /** Voicemails the record node made (media plane and Twilio), kept with their session. */
  sessionRecordings: SessionRecordingsRepo;
  timers: TimersRepo;
  inbound: InboundRepo;
  users: UsersRepo;
  apiKeys: ApiKeysRepo;
  authSessions: AuthSessionsRepo;
  teams: TeamsRepo;
  /** Agent rooms: conversations, messages, offers, agents. */
  rooms: RoomsRepo;
  channels: ChannelsRepo;
  /** The audio library's rows. */
  audio: AudioRepo;
  /** Calls on the media plane and the agents on them. */
  calls: CallsRepo;
  /** The OpenAI-compatible transcription provider's settings (runtime/speech). */
  transcriptionProviders: TranscriptionProvidersRepo;
  /** The AI model providers (runtime/ai). */
  aiProviders: AiProvidersRepo;
  /** Which database this is (this process's build of `#store-dialect`). */
  dialect: DatabaseTarget["dialect"];
  /** Dashboard figures from the analytics rollups (runtime/store/analytics). */
  analytics: AnalyticsRepo;
  /** The drizzle handle of `#store-dialect` (raw SQL for tests and maintenance: its `rows(db, sql)`). */
  db: Db;
  /** SQLite's handle on its file (pragmas, backups, SQLite-only tests); `undefined` in the PostgreSQL build. */
  database: DialectDatabase;
  /** Commits the writes still queued, then closes (the promise settles once closed). */
  close(): Promise<void>;
}

/**
 * Opens the store `target` names, migrating it first (SQLite: `openDatabase`; PostgreSQL:
 * `migratePostgres` under its advisory lock, then a pool), and builds the repositories on it.
 * The target's dialect must be this process's build of `#store-dialect` (PostgreSQL needs the
 * `switchboard-postgres` import condition, which `npm start` sets from `DATABASE_URL`).
 */
export async function openStore(target: DatabaseTarget, options: OpenStoreOptions = {}): Promise<Store> {
  return storeOn(await openDb(target), options);
}

/** The store over a database already open (`openDb`'s answer, or SQLite's `openDatabase` in tests that need it at once). */
export function storeOn(opened: { db: Db; database: DialectDatabase; writes?: GroupCommit | undefined; close(): Promise<void> }, options: OpenStoreOptions = {}): Store {
  const { db } = opened;
  return {
    ...portableRepos(db, {
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.rollups === undefined ? {} : { rollups: options.rollups }),
      ...(options.scrypt === undefined ? {} : { scrypt: options.scrypt }),
      writes: opened.writes,
    }),
    dialect: DIALECT,
    db,
    database: opened.database,
    close: () => opened.close(),
  };
}
