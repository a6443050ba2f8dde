import { randomUUID } from "node:crypto";
import { and, asc, eq, isNotNull, isNull, ne, or, sql } from "drizzle-orm";
import { type CHANNEL_STATUSES, type CHANNEL_TYPES, channels } from "../../drizzle/schema";
import { changes, type Db, many, one, prepared } from "#store-dialect";
import type { RepoOptions } from "./repo-options";
import { LruCache } from "../cache/lru-cache";
import { fromJsonText, type JsonValue, toJsonText } from "./json-text";

export type ChannelType = (typeof CHANNEL_TYPES)[number];
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number];

/** A channel row. `credentials` is the sealed text written by runtime/channels: the store never sees plaintext. */
export interface ChannelRecord {
  id: string;
  type: ChannelType;
  name: string;
  flowId: string;
  credentials: string;
  settings: JsonValue;
  enabled: boolean;
  status: ChannelStatus;
  statusMessage: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface CreateChannelInput {
  /** Default: a random UUID. */
  id?: string;
  type: ChannelType;
  name: string;
  flowId: string;
  credentials: string;
  settings: unknown;
  enabled: boolean;
  status: ChannelStatus;
  statusMessage?: string | null;
}

/** The fields an update may change (the type never changes). */
export interface ChannelPatch {
  name?: string;
  flowId?: string;
  credentials?: string;
  settings?: unknown;
  enabled?: boolean;
  status?: ChannelStatus;
  statusMessage?: string | null;
}

type Row = typeof channels.$inferSelect;
const record = (row: Row): ChannelRecord => ({ ...row, settings: fromJsonText(row.settings) });

/**
 * Configured channels: one row each, bound to a flow. Every webhook reads its channel, so rows
 * read are kept in memory and every write through this repository replaces or drops its row there
 * (this process is the only writer of its database).
 */
export class ChannelsRepo {
  private readonly now: () => number;
  private readonly byId;
  private readonly cached = new LruCache<string, ChannelRecord>(1_024);

  constructor(
    private readonly db: Db,
    options: RepoOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.byId = prepared("channel_by_id", db.select().from(channels).where(eq(channels.id, sql.placeholder("id"))));
  }

  async createChannel(input: CreateChannelInput): Promise<ChannelRecord> {
    const at = this.now();
    const row = await one(
      this.db
        .insert(channels)
        .values({
          id: input.id ?? randomUUID(),
          type: input.type,
          name: input.name,
          flowId: input.flowId,
          credentials: input.credentials,
          settings: toJsonText(input.settings),
          enabled: input.enabled,
          status: input.status,
          statusMessage: input.statusMessage ?? null,
          createdAt: at,
          updatedAt: at,
        })
        .returning(),
    );
    if (row === undefined) throw new Error("inserting a channel returned no row");
    return this.remember(record(row));
  }

  /** The channel's row (the same object until the row changes: treat it as read-only). */
  async getChannel(id: string): Promise<ChannelRecord | undefined> {
    const hit = this.cached.get(id);
    if (hit !== undefined) return hit;
    const row = await this.byId.get({ id });
    return row === undefined ? undefined : this.remember(record(row));
  }

  /** Every channel, by name. */
  async listChannels(): Promise<ChannelRecord[]> {
    return (await many(this.db.select().from(channels).orderBy(asc(channels.name), asc(channels.id)))).map(record);
  }

  /** Changes the given fields; undefined when there is no such channel. */
  async updateChannel(id: string, patch: ChannelPatch): Promise<ChannelRecord | undefined> {
    const { settings, ...rest } = patch;
    const row = await one(
      this.db
        .update(channels)
        .set({ ...rest, ...(settings === undefined ? {} : { settings: toJsonText(settings) }), updatedAt: this.now() })
        .where(eq(channels.id, id))
        .returning(),
    );
    if (row === undefined) {
      this.cached.delete(id);
      return undefined;
    }
    return this.remember(record(row));
  }

  /**
   * Sets the status (and its message) when it differs from the stored one: a webhook marking its
   * channel active writes once, not on every request. True when a row changed.
   */
  async setStatus(id: string, status: ChannelStatus, statusMessage: string | null = null): Promise<boolean> {
    // Null-safe "differs", written out so the same SQL runs on PostgreSQL.
    const messageDiffers = statusMessage === null ? isNotNull(channels.statusMessage) : or(isNull(channels.statusMessage), ne(channels.statusMessage, statusMessage));
    const changed = await changes(
      this.db
        .update(channels)
        .set({ status, statusMessage, updatedAt: this.now() })
        .where(and(eq(channels.id, id), or(ne(channels.status, status), messageDiffers))),
    );
    if (changed > 0) this.cached.delete(id);
    return changed > 0;
  }

  async deleteChannel(id: string): Promise<boolean> {
    this.cached.delete(id);
    return (await changes(this.db.delete(channels).where(eq(channels.id, id)))) > 0;
  }

  private remember(row: ChannelRecord): ChannelRecord {
    this.cached.set(row.id, row);
    return row;
  }
}
