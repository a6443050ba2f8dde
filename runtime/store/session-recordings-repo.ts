import { and, asc, eq } from "drizzle-orm";
import { sessionRecordings } from "../../drizzle/schema";
import { type Db, isForeignKeyViolation, many, one } from "#store-dialect";
import { orderedId } from "./ordered-id";
import type { RepoOptions } from "./repo-options";

/** A recording a flow's `record` node made, as the store keeps it. */
export type SessionRecording = typeof sessionRecordings.$inferSelect;

/** What a new recording row says (its id and time are the store's). */
export type NewSessionRecording = Omit<SessionRecording, "id" | "createdAt"> & { id?: string };

/** `session_recordings`: the voicemails of a session, listed with it and streamed from it. */
export class SessionRecordingsRepo {
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    options: RepoOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Stores a recording (again with the same id: the row kept); undefined when its session is gone (nothing written). */
  async add(values: NewSessionRecording): Promise<SessionRecording | undefined> {
    const row = { ...values, id: values.id ?? orderedId(), createdAt: this.now() };
    try {
      const written = await one(this.db.insert(sessionRecordings).values(row).onConflictDoNothing({ target: sessionRecordings.id }).returning());
      return written ?? (await this.get(row.sessionId, row.id));
    } catch (error) {
      if (isForeignKeyViolation(error)) return undefined;
      throw error;
    }
  }

  /** A session's recordings, oldest first. */
  async forSession(sessionId: string): Promise<SessionRecording[]> {
    return many(this.db.select().from(sessionRecordings).where(eq(sessionRecordings.sessionId, sessionId)).orderBy(asc(sessionRecordings.createdAt), asc(sessionRecordings.id)));
  }

  /** One recording of a session (undefined when it is not that session's). */
  async get(sessionId: string, recordingId: string): Promise<SessionRecording | undefined> {
    return one(this.db.select().from(sessionRecordings).where(and(eq(sessionRecordings.sessionId, sessionId), eq(sessionRecordings.id, recordingId))));
  }
}
