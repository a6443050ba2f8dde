import { eq } from "drizzle-orm";
import { transcriptionProviders } from "../../drizzle/schema";
import { changes, type Db, one } from "#store-dialect";
import type { RepoOptions } from "./repo-options";

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
    return one(this.db.select().from(transcriptionProviders).where(eq(transcriptionProviders.id, id)));
  }

  /** Writes the whole row (created the first time). */
  async put(values: TranscriptionProviderValues, id = "default"): Promise<TranscriptionProviderRecord> {
    const at = this.now();
    const row = await one(
      this.db
        .insert(transcriptionProviders)
        .values({ id, ...values, createdAt: at, updatedAt: at })
        .onConflictDoUpdate({ target: transcriptionProviders.id, set: { ...values, updatedAt: at } })
        .returning(),
    );
    if (row === undefined) throw new Error(`writing transcription provider ${id} returned no row`);
    return row;
  }

  /** True when there was a row. */
  async delete(id = "default"): Promise<boolean> {
    return (await changes(this.db.delete(transcriptionProviders).where(eq(transcriptionProviders.id, id)))) > 0;
  }
}
