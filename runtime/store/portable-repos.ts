import type { Db, GroupCommit } from "#store-dialect";
import { AiProvidersRepo } from "./ai-providers-repo";
import { AnalyticsRepo } from "./analytics/analytics-repo";
import { ApiKeysRepo } from "./api-keys-repo";
import { AudioRepo } from "./audio-repo";
import { AuthSessionsRepo } from "./auth-sessions-repo";
import { CallsRepo } from "./calls-repo";
import { ChannelsRepo } from "./channels-repo";
import { FlowsRepo } from "./flows-repo";
import { InboundRepo } from "./inbound-repo";
import type { ScryptParams } from "./password";
import type { RepoOptions } from "./repo-options";
import { RoomsRepo } from "./rooms-repo";
import { SessionRecordingsRepo } from "./session-recordings-repo";
import { SessionsRepo } from "./sessions-repo";
import { TeamsRepo } from "./teams-repo";
import { TimersRepo } from "./timers-repo";
import { TranscriptionProvidersRepo } from "./transcription-providers-repo";
import { UsersRepo } from "./users-repo";

export interface PortableReposOptions extends RepoOptions {
  /** scrypt cost for new password hashes (tests may lower it). */
  scrypt?: ScryptParams;
  /** SQLite's group commit on `db` (`OpenedDb.writes`): the inbound log writes through it. */
  writes?: GroupCommit | undefined;
}

/**
 * The repositories written once for both databases (against `#store-dialect`): `openStore` builds
 * them on its database, and their tests on a database of either dialect (`openTestRepos`). The
 * rest of the store is still SQLite's (runtime/store/README.md, "PostgreSQL").
 */
export function portableRepos(db: Db, options: PortableReposOptions = {}) {
  const repoOptions: RepoOptions = { ...(options.now === undefined ? {} : { now: options.now }), ...(options.rollups === undefined ? {} : { rollups: options.rollups }) };
  return {
    flows: new FlowsRepo(db, repoOptions),
    /** Sessions and their steps; their writes go through the dialect's `groupCommit`. */
    sessions: new SessionsRepo(db, repoOptions),
    /** Voicemails the record node made, kept with their session. */
    sessionRecordings: new SessionRecordingsRepo(db, repoOptions),
    timers: new TimersRepo(db, repoOptions),
    users: new UsersRepo(db, options.scrypt === undefined ? repoOptions : { ...repoOptions, scrypt: options.scrypt }),
    apiKeys: new ApiKeysRepo(db, repoOptions),
    authSessions: new AuthSessionsRepo(db, repoOptions),
    teams: new TeamsRepo(db, repoOptions),
    channels: new ChannelsRepo(db, repoOptions),
    audio: new AudioRepo(db, repoOptions),
    transcriptionProviders: new TranscriptionProvidersRepo(db, repoOptions),
    aiProviders: new AiProvidersRepo(db, repoOptions),
    calls: new CallsRepo(db, repoOptions),
    /** Agent rooms: conversations, messages, offers, agents. */
    rooms: new RoomsRepo(db, repoOptions),
    /** The inbound log: provider events stored before they are processed, retries recognised. */
    inbound: new InboundRepo(db, { ...repoOptions, writes: options.writes }),
    /** The analytics rollups' questions (runtime/store/analytics). */
    analytics: new AnalyticsRepo(db),
  };
}

export type PortableRepos = ReturnType<typeof portableRepos>;
