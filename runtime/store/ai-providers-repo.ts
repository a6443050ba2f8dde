import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { aiProviders } from "../../drizzle/schema";
import { changes, type Db, many, one } from "#store-dialect";
import type { RepoOptions } from "./repo-options";

/** A provider row. `apiKey` is the sealed text written by runtime/ai: the store never sees plaintext. */
export type AiProviderRecord = typeof aiProviders.$inferSelect;

export type AiProviderValues = Omit<AiProviderRecord, "id" | "createdAt" | "updatedAt">;

/** The AI model providers (runtime/ai), by id; names are unique. */
export class AiProvidersRepo {
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    options: RepoOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  async list(): Promise<AiProviderRecord[]> {
    return many(this.db.select().from(aiProviders).orderBy(asc(aiProviders.name)));
  }

  async get(id: string): Promise<AiProviderRecord | undefined> {
    return one(this.db.select().from(aiProviders).where(eq(aiProviders.id, id)));
  }

  async byName(name: string): Promise<AiProviderRecord | undefined> {
    return one(this.db.select().from(aiProviders).where(eq(aiProviders.name, name)));
  }

  /** Undefined when the name is taken. `id` is for callers that must seal the key with it first. */
  async create(values: AiProviderValues, id: string = randomUUID()): Promise<AiProviderRecord | undefined> {
    const at = this.now();
    return one(this.db.insert(aiProviders).values({ id, ...values, createdAt: at, updatedAt: at }).onConflictDoNothing().returning());
  }

  /** Replaces the row's values; undefined when there is no such row. */
  async update(id: string, values: AiProviderValues): Promise<AiProviderRecord | undefined> {
    return one(this.db.update(aiProviders).set({ ...values, updatedAt: this.now() }).where(eq(aiProviders.id, id)).returning());
  }

  /** True when there was a row. */
  async delete(id: string): Promise<boolean> {
    return (await changes(this.db.delete(aiProviders).where(eq(aiProviders.id, id)))) > 0;
  }
}
