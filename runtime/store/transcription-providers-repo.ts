import { eq } from "drizzle-orm";
import { transcriptionProviders } from "../../drizzle/schema";
import type { Db, RepoOptions } from "./database";

/** The provider row. `apiKey` is the sealed text written by runtime/speech: the store never sees plaintext. */
export type TranscriptionProviderRecord = typeof transcriptionProviders.$inferSelect;

export interface TranscriptionProviderValues {
  baseUrl: string;
  apiKey: string | null;
  model: string;
  language: string | null;
  timeoutSeconds: number;
}

/** The OpenAI-compatible transcription provider's settings: one row (id `default`) or none. */
export class TranscriptionProvidersRepo {
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    options: RepoOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  async get(id = "default"): Promise<TranscriptionProviderRecord | undefined> {
    return this.db.select().from(transcriptionProviders).where(eq(transcriptionProviders.id, id)).get();
  }

  /** Writes the whole row (created the first time). */
  async put(values: TranscriptionProviderValues, id = "default"): Promise<TranscriptionProviderRecord> {
    const at = this.now();
    return this.db
      .insert(transcriptionProviders)
      .values({ id, ...values, createdAt: at, updatedAt: at })
      .onConflictDoUpdate({ target: transcriptionProviders.id, set: { ...values, updatedAt: at } })
      .returning()
      .get();
  }

  /** True when there was a row. */
  async delete(id = "default"): Promise<boolean> {
    return this.db.delete(transcriptionProviders).where(eq(transcriptionProviders.id, id)).returning({ id: transcriptionProviders.id }).all().length > 0;
  }
}
