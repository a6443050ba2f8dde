import type { AiProvidersRepo } from "./ai-providers-repo";
import type { AnalyticsRepo } from "./analytics/analytics-repo";
import type { ApiKeysRepo } from "./api-keys-repo";
import type { AudioRepo } from "./audio-repo";
import type { AuthSessionsRepo } from "./auth-sessions-repo";
import type { CallsRepo } from "./calls-repo";
import type { ChannelsRepo } from "./channels-repo";
import type { Db } from "./database";
import type { FlowsRepo } from "./flows-repo";
import type { InboundRepo } from "./inbound-repo";
import { openDatabase, type OpenDatabaseOptions, type StoreDatabase } from "./open-database";
import type { ScryptParams } from "./password";
import { portableRepos } from "./portable-repos";
import type { RoomsRepo } from "./rooms-repo";
import type { SessionsRepo } from "./sessions-repo";
import type { TeamsRepo } from "./teams-repo";
import type { TimersRepo } from "./timers-repo";
import type { TranscriptionProvidersRepo } from "./transcription-providers-repo";
import type { UsersRepo } from "./users-repo";

export interface OpenStoreOptions extends OpenDatabaseOptions {
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
  /** Dashboard figures from the analytics rollups (runtime/store/analytics). */
  analytics: AnalyticsRepo;
  db: Db;
  database: StoreDatabase;
  /** Commits the writes still queued, then closes (the promise settles once closed). */
  close(): Promise<void>;
}

/** Opens `<dataDir>/switchboard.db` (migrating it) and builds the repositories on it. */
export function openStore(options: OpenStoreOptions): Store {
  const database = openDatabase(options);
  const { db } = database;
  const repoOptions = { ...(options.now === undefined ? {} : { now: options.now }), ...(options.rollups === undefined ? {} : { rollups: options.rollups }) };
  return {
    ...portableRepos(db, { ...repoOptions, ...(options.scrypt === undefined ? {} : { scrypt: options.scrypt }), writes: database.writes }),
    db,
    database,
    close: () => database.close(),
  };
}
