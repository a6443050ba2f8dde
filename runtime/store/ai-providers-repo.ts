import { randomUUID } from "node:crypto";
import { and, asc, eq, ne } from "drizzle-orm";
import { aiProviders } from "../../drizzle/schema";
import { changes, type Db, type Executor, inTransaction, many, one } from "#store-dialect";
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

  /** The provider the console's assist uses, if one is chosen. */
  async assist(): Promise<AiProviderRecord | undefined> {
    return one(this.db.select().from(aiProviders).where(eq(aiProviders.assist, true)));
  }

  /** Undefined when the name is taken. `id` is for callers that must seal the key with it first. Made the assist provider, it takes over from the one before. */
  async create(values: AiProviderValues, id: string = randomUUID()): Promise<AiProviderRecord | undefined> {
    const at = this.now();
    return inTransaction(this.db, async (tx) => {
      if (values.assist) await this.clearAssist(tx, id, at);
      return one(tx.insert(aiProviders).values({ id, ...values, createdAt: at, updatedAt: at }).onConflictDoNothing().returning());
    });
  }

  /** Replaces the row's values; undefined when there is no such row. */
  async update(id: string, values: AiProviderValues): Promise<AiProviderRecord | undefined> {
    const at = this.now();
    return inTransaction(this.db, async (tx) => {
      if (values.assist) await this.clearAssist(tx, id, at);
      return one(tx.update(aiProviders).set({ ...values, updatedAt: at }).where(eq(aiProviders.id, id)).returning());
    });
  }

  private async clearAssist(tx: Executor, keep: string, at: number): Promise<void> {
    await changes(tx.update(aiProviders).set({ assist: false, updatedAt: at }).where(and(eq(aiProviders.assist, true), ne(aiProviders.id, keep))));
  }

  /** True when there was a row. */
  async delete(id: string): Promise<boolean> {
    return (await changes(this.db.delete(aiProviders).where(eq(aiProviders.id, id)))) > 0;
  }
}
