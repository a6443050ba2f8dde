import { randomUUID } from "node:crypto";
import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import { apiKeys } from "../../drizzle/schema";
import { ApiKeyCache } from "./api-key-cache";
import { bind } from "./bind";
import { changes, type Db, many, one, prepared } from "#store-dialect";
import type { RepoOptions } from "./repo-options";
import { err, ok, type Result } from "./result";
import { secretToken } from "./secret-token";
import { ApiKeyNotFound } from "./store-errors";
import type { Role } from "./users-repo";

export const API_KEY_PREFIX = "sb_";
/** How many leading characters of a key are kept to show in the UI. */
export const SHOWN_PREFIX_LENGTH = 10;
/** last_used_at is written at most this often per key, so every API call is not a write. */
const TOUCH_INTERVAL_MS = 60_000;
/** How long a key found is trusted without reading its row again (revoking here drops it at once). */
const CACHE_TTL_MS = 10_000;

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
  private readonly statements: ReturnType<typeof prepareKeyStatements>;
  private readonly cache = new ApiKeyCache(CACHE_TTL_MS);

  constructor(
    private readonly db: Db,
    options: RepoOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.statements = prepareKeyStatements(db);
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
    await changes(this.db.insert(apiKeys).values({ ...record, keyHash: secretToken.hash(key) }));
    return { key, record };
  }

  /**
   * The key's record if it exists and is not revoked; notes when it was last used (at most once a
   * minute). A key found in the last 10 s is answered from memory.
   */
  async findApiKey(key: string): Promise<ApiKeyRecord | undefined> {
    const hash = secretToken.hash(key);
    const at = this.now();
    const cached = this.cache.get(hash, at);
    const record = cached ?? (await this.statements.find.get({ hash }));
    if (record === undefined) return undefined;
    const touched = record.lastUsedAt === null || record.lastUsedAt <= at - TOUCH_INTERVAL_MS ? { ...record, lastUsedAt: at } : record;
    if (touched !== record) await this.statements.touch.run({ id: record.id, at });
    if (cached === undefined) this.cache.set(hash, touched, at);
    else if (touched !== record) this.cache.update(hash, touched);
    return { ...touched };
  }

  /** Newest first, revoked ones included. */
  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return many(this.db.select(keyColumns).from(apiKeys).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id)));
  }

  /** Revokes a key for good; revoking twice keeps the first time. */
  async revokeApiKey(id: string): Promise<Result<{ revokedAt: number }, ApiKeyNotFound>> {
    this.cache.deleteKey(id);
    const at = this.now();
    await changes(
      this.db
        .update(apiKeys)
        .set({ revokedAt: at })
        .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))),
    );
    const row = await one(this.db.select({ revokedAt: apiKeys.revokedAt }).from(apiKeys).where(eq(apiKeys.id, id)));
    if (row === undefined || row.revokedAt === null) return err(new ApiKeyNotFound(id));
    return ok({ revokedAt: row.revokedAt });
  }
}

/** The queries of every authenticated API call, prepared once per repository (named parameters). */
function prepareKeyStatements(db: Db) {
  return {
    /** :hash → the key, unless revoked. */
    find: prepared(
      "api_key_find",
      db
        .select(keyColumns)
        .from(apiKeys)
        .where(and(eq(apiKeys.keyHash, sql.placeholder("hash")), isNull(apiKeys.revokedAt))),
    ),
    /** last_used_at = :at for key :id, unless already later. */
    touch: prepared(
      "api_key_touch",
      db
        .update(apiKeys)
        .set({ lastUsedAt: bind("at") })
        .where(and(eq(apiKeys.id, sql.placeholder("id")), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql.placeholder("at"))))),
    ),
  };
}
