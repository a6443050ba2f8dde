import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { ChannelRecord, ChannelsRepo } from "../store/channels-repo";
import { err, ok, type Result } from "../store/result";
import { type Channel, ChannelConfig, type ChannelStatus, type ChannelType } from "./channel-config";
import { LruCache } from "../cache/lru-cache";
import { keepMaskedSecrets } from "./mask-credentials";
import type { SecretBox } from "../secrets/secret-box";

export interface CreateChannelInput {
  type: ChannelType;
  name: string;
  flowId: string;
  enabled?: boolean;
  /** Checked against the type's schema. */
  credentials?: unknown;
  settings?: unknown;
  /** Why the channel starts in `setup` (e.g. its flow is not published yet). */
  statusMessage?: string | null;
}

export interface UpdateChannelInput {
  /** When given, must be the channel's type: a channel never changes type. */
  type?: ChannelType;
  name?: string;
  flowId?: string;
  enabled?: boolean;
  /** Replaces the credentials; a masked secret sent back keeps the stored one. */
  credentials?: unknown;
  settings?: unknown;
  statusMessage?: string | null;
}

/** An update naming another type than the channel's. */
export class ChannelTypeChange {
  readonly code = "channel_type_fixed";
  readonly message: string;
  constructor(
    readonly from: ChannelType,
    readonly to: ChannelType,
  ) {
    this.message = `type: a ${from} channel cannot become ${to}; create a new channel`;
  }
}

export type ChannelInputError = z.ZodError | ChannelTypeChange;

/**
 * Channels with their credentials sealed: every write seals them (AES-256-GCM, the channel id as
 * authenticated data) before they reach the store, every read opens and re-validates them.
 */
export class ChannelService {
  /** Opened credentials of recently read rows (every webhook reads its channel). */
  private readonly opened = new LruCache<string, ChannelConfig>(256);
  /** The repository hands back the same row object until the row changes: opened once. */
  private readonly openedRows = new WeakMap<ChannelRecord, Channel>();
  private readonly changeListeners = new Set<(id: string) => void>();

  constructor(
    private readonly repo: ChannelsRepo,
    private readonly box: SecretBox,
  ) {}

  /** Calls `listener` after a channel was created, changed or deleted (services that keep channels live, e.g. SIP trunks). */
  onChanged(listener: (id: string) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private changed(id: string): void {
    for (const listener of this.changeListeners) listener(id);
  }

  async create(input: CreateChannelInput): Promise<Result<Channel, z.ZodError>> {
    const config = ChannelConfig.safeParse({ type: input.type, credentials: input.credentials, settings: input.settings });
    if (!config.success) return err(config.error);
    const id = randomUUID();
    const enabled = input.enabled ?? true;
    const record = await this.repo.createChannel({
      id,
      type: config.data.type,
      name: input.name,
      flowId: input.flowId,
      credentials: this.seal(id, config.data.credentials),
      settings: config.data.settings,
      enabled,
      status: enabled ? "setup" : "inactive",
      statusMessage: input.statusMessage ?? null,
    });
    this.changed(id);
    return ok(this.open(record));
  }

  /** The channel with its credentials opened; throws `SecretBoxError` when they cannot be. */
  async get(id: string): Promise<Channel | undefined> {
    const record = await this.repo.getChannel(id);
    return record === undefined ? undefined : this.open(record);
  }

  /** Every stored row, unopened (the API opens each, so one unreadable row does not hide the rest). */
  async listRecords(): Promise<ChannelRecord[]> {
    return this.repo.listChannels();
  }

  async getRecord(id: string): Promise<ChannelRecord | undefined> {
    return this.repo.getChannel(id);
  }

  /**
   * Changes a channel. Credentials sent back masked keep the stored secrets. Disabling makes it
   * `inactive`; enabling it again, or new credentials, put it back to `setup` until a verified
   * webhook arrives.
   */
  async update(id: string, input: UpdateChannelInput): Promise<Result<Channel, ChannelInputError> | undefined> {
    const current = await this.get(id);
    if (current === undefined) return undefined;
    if (input.type !== undefined && input.type !== current.type) return err(new ChannelTypeChange(current.type, input.type));
    const credentials = input.credentials === undefined ? current.credentials : keepMaskedSecrets(current.type, input.credentials, current.credentials);
    const config = ChannelConfig.safeParse({ type: current.type, credentials, settings: input.settings ?? current.settings });
    if (!config.success) return err(config.error);
    const sealedChanged = JSON.stringify(config.data.credentials) !== JSON.stringify(current.credentials);
    const enabled = input.enabled ?? current.enabled;
    const status: ChannelStatus = !enabled ? "inactive" : !current.enabled || sealedChanged ? "setup" : current.status;
    const record = await this.repo.updateChannel(id, {
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.flowId === undefined ? {} : { flowId: input.flowId }),
      ...(sealedChanged ? { credentials: this.seal(id, config.data.credentials) } : {}),
      settings: config.data.settings,
      enabled,
      status,
      ...(input.statusMessage === undefined ? (status === current.status ? {} : { statusMessage: null }) : { statusMessage: input.statusMessage }),
    });
    if (record === undefined) return undefined;
    this.changed(id);
    return ok(this.open(record));
  }

  async delete(id: string): Promise<boolean> {
    const deleted = await this.repo.deleteChannel(id);
    if (deleted) this.changed(id);
    return deleted;
  }

  /** Records what the runtime learned about a channel (a verified webhook, a refused API call); writes only on change. */
  async setStatus(id: string, status: ChannelStatus, message: string | null = null): Promise<boolean> {
    return this.repo.setStatus(id, status, message);
  }

  /** A stored row with its credentials opened and checked against the type's schema (the same object for the same row object). */
  open(record: ChannelRecord): Channel {
    const known = this.openedRows.get(record);
    if (known !== undefined) return known;
    const channel = this.openRecord(record);
    this.openedRows.set(record, channel);
    return channel;
  }

  private openRecord(record: ChannelRecord): Channel {
    // Keyed by everything the result depends on: the id (the authenticated data), the sealed text
    // (a fresh IV on every write) and the settings. A hit skips AES-GCM and the schema check.
    const key = `${record.id}\u0000${record.type}\u0000${record.credentials}\u0000${JSON.stringify(record.settings)}`;
    const config = this.opened.get(key) ?? this.openConfig(record);
    this.opened.set(key, config);
    const { id, name, flowId, enabled, status, statusMessage, createdAt, updatedAt } = record;
    return { ...config, id, name, flowId, enabled, status, statusMessage, createdAt, updatedAt };
  }

  /** Decrypts and checks a row's credentials and settings (the cache's miss path). */
  private openConfig(record: ChannelRecord): ChannelConfig {
    const plaintext: unknown = JSON.parse(this.box.open(record.credentials, context(record.id)));
    return ChannelConfig.parse({ type: record.type, credentials: plaintext, settings: record.settings });
  }

  private seal(id: string, credentials: unknown): string {
    return this.box.seal(JSON.stringify(credentials), context(id));
  }
}

/** The authenticated data sealed with a channel's credentials: they only open on that row. */
const context = (id: string): string => `switchboard:channel:${id}:credentials`;
