import type { FlowVersionRef } from "../engine/index";
import type { FlowsRepo, FlowVersion } from "../store/index";
import { LruCache } from "../cache/lru-cache";

/** The part of the store the cache reads. */
export type FlowSource = Pick<FlowsRepo, "listFlows" | "getPublished" | "getVersion">;

export interface FlowCacheOptions {
  /** Older versions kept in memory for the sessions pinned to them (default 200). */
  versionCacheSize?: number;
}

/**
 * The current published version of every flow, in memory, so the engine's `loadFlow` is
 * synchronous; plus an LRU of other versions (`flowId@n`) for sessions pinned to an older one.
 * `load()` once at start; `refresh(flowId)` after a publish, rollback or delete.
 */
export class FlowCache {
  private readonly current = new Map<string, FlowVersionRef>();
  private readonly versions: LruCache<string, FlowVersionRef>;
  /** The latest refresh started per flow: an older refresh that finishes late must not win. */
  private readonly refreshes = new Map<string, number>();
  private refreshCount = 0;

  constructor(
    private readonly flows: FlowSource,
    options: FlowCacheOptions = {},
  ) {
    this.versions = new LruCache(options.versionCacheSize ?? 200);
  }

  /** Reads the published version of every flow. */
  async load(): Promise<void> {
    const summaries = await this.flows.listFlows();
    await Promise.all(summaries.filter((flow) => flow.publishedVersion !== null).map((flow) => this.refresh(flow.id)));
  }

  /** Re-reads one flow's published version; returns it (undefined: unpublished or deleted). */
  async refresh(flowId: string): Promise<FlowVersionRef | undefined> {
    this.refreshCount += 1;
    const ticket = this.refreshCount;
    this.refreshes.set(flowId, ticket);
    const published = await this.flows.getPublished(flowId);
    if (this.refreshes.get(flowId) !== ticket) return this.current.get(flowId);
    this.refreshes.delete(flowId);
    if (published === undefined) {
      this.current.delete(flowId);
      return undefined;
    }
    const ref = toRef(published);
    this.current.set(flowId, ref);
    return ref;
  }

  /** The current published version (the engine's `env.loadFlow`). Synchronous. */
  readonly loadFlow = (flowId: string): FlowVersionRef | undefined => this.current.get(flowId);

  /** Version `n` of a flow, published now or not (sessions stay pinned to the version they started on). */
  async getVersion(flowId: string, n: number): Promise<FlowVersionRef | undefined> {
    const live = this.current.get(flowId);
    if (live !== undefined && live.version === n) return live;
    const key = `${flowId}@${n}`;
    const cached = this.versions.get(key);
    if (cached !== undefined) return cached;
    const stored = await this.flows.getVersion(flowId, n);
    if (stored === undefined) return undefined;
    const ref = toRef(stored);
    this.versions.set(key, ref);
    return ref;
  }
}

function toRef(version: FlowVersion): FlowVersionRef {
  return { flowId: version.flowId, version: version.number, document: version.document };
}
