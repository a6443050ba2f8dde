import { randomUUID } from "node:crypto";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { apiKeys } from "../../drizzle/schema";
import type { Db, RepoOptions } from "./database";
import { err, ok, type Result } from "./result";
import { secretToken } from "./secret-token";
import { ApiKeyNotFound } from "./store-errors";
import type { Role } from "./users-repo";

export const API_KEY_PREFIX = "sb_";
/** How many leading characters of a key are kept to show in the UI. */
export const SHOWN_PREFIX_LENGTH = 10;
/** last_used_at is written at most this often per key, so every API call is not a write. */
const TOUCH_INTERVAL_MS = 60_000;

export interface ApiKeyRecord {
  id: string;
  name: string;
  /** The first characters of the key (`sb_` and a few more). */
  prefix: string;
  role: Role;
  createdBy: string | null;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface CreateApiKeyInput {
  name: string;
  role: Role;
  /** The user creating it. */
  createdBy: string | null;
  /** Use this key instead of a random one (a key given to the server in its environment). */
  key?: string;
}

const keyColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  role: apiKeys.role,
  createdBy: apiKeys.createdBy,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

/** API keys: the plaintext is returned once by `createApiKey`; only its sha256 is stored. */
export class ApiKeysRepo {
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    options: RepoOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Returns the key in plaintext: show it once, it cannot be read back. */
  async createApiKey(input: CreateApiKeyInput): Promise<{ key: string; record: ApiKeyRecord }> {
    const key = input.key ?? secretToken.create(API_KEY_PREFIX);
    const record: ApiKeyRecord = {
      id: randomUUID(),
      name: input.name,
      prefix: key.slice(0, SHOWN_PREFIX_LENGTH),
      role: input.role,
      createdBy: input.createdBy,
      createdAt: this.now(),
      lastUsedAt: null,
      revokedAt: null,
    };
    this.db
      .insert(apiKeys)
      .values({ ...record, keyHash: secretToken.hash(key) })
      .run();
    return { key, record };
  }

  /** The key's record if it exists and is not revoked; notes when it was last used. */
  async findApiKey(key: string): Promise<ApiKeyRecord | undefined> {
    const record = this.db
      .select(keyColumns)
      .from(apiKeys)
      .where(and(eq(apiKeys.keyHash, secretToken.hash(key)), isNull(apiKeys.revokedAt)))
      .get();
    if (record === undefined) return undefined;
    const at = this.now();
    if (record.lastUsedAt === null || record.lastUsedAt <= at - TOUCH_INTERVAL_MS) {
      this.db
        .update(apiKeys)
        .set({ lastUsedAt: at })
        .where(and(eq(apiKeys.id, record.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, at))))
        .run();
      return { ...record, lastUsedAt: at };
    }
    return record;
  }

  /** Newest first, revoked ones included. */
  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return this.db.select(keyColumns).from(apiKeys).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id)).all();
  }

  /** Revokes a key for good; revoking twice keeps the first time. */
  async revokeApiKey(id: string): Promise<Result<{ revokedAt: number }, ApiKeyNotFound>> {
    const at = this.now();
    this.db
      .update(apiKeys)
      .set({ revokedAt: at })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .run();
    const row = this.db.select({ revokedAt: apiKeys.revokedAt }).from(apiKeys).where(eq(apiKeys.id, id)).get();
    if (row === undefined || row.revokedAt === null) return err(new ApiKeyNotFound(id));
    return ok({ revokedAt: row.revokedAt });
  }
}
