import { and, asc, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { flows, flowVersions } from "../../drizzle/schema";
import type { FlowDocument } from "../../flow-schema/document";
import { changes, type Db, type Executor, inTransaction, many, one, prepared } from "#store-dialect";
import { type EncodedFlowDocument, flowDocumentCodec } from "./flow-document-codec";
import type { RepoOptions } from "./repo-options";
import { err, ok, type Result } from "./result";
import { FlowExists, FlowIdMismatch, FlowNotFound, RevisionConflict, VersionNotFound } from "./store-errors";

/** `unpublished`: never published; `published`: the draft is the live version; `changed`: the draft differs from it. */
export type FlowStatus = "unpublished" | "published" | "changed";

export interface FlowSummary {
  id: string;
  name: string;
  /** The draft's revision: send it back as `baseRevision` when saving. */
  revision: number;
  /** The live version's number, null when never published. */
  publishedVersion: number | null;
  status: FlowStatus;
  draftHash: string;
  createdAt: number;
  updatedAt: number;
  updatedBy: string | null;
}

/** What tells whether a flow can be run: it exists (not deleted), and its live version if any. */
export interface FlowHead {
  id: string;
  /** The live version's number, null when never published. */
  publishedVersion: number | null;
}

export interface FlowRecord extends FlowSummary {
  draft: FlowDocument;
}

export interface FlowVersionInfo {
  flowId: string;
  number: number;
  contentHash: string;
  note: string | null;
  author: string;
  createdAt: number;
  /** Whether this is the version new sessions start on. */
  live: boolean;
}

export interface FlowVersion extends FlowVersionInfo {
  document: FlowDocument;
}

export interface PublishOptions {
  note?: string | null;
  author: string;
  /** When given, publish only if the draft is still at this revision (what the publisher last saw). */
  baseRevision?: number;
  /**
   * Turns the draft into the document stored as the version (the runtime pins subflow targets:
   * runtime/flows/publish-flow.ts). Runs inside the transaction, on the draft being published.
   * The version's content hash stays the draft's, so the flow's status stays `published`.
   */
  pin?: (draft: FlowDocument) => FlowDocument;
}

const summaryColumns = {
  id: flows.id,
  name: flows.name,
  revision: flows.revision,
  publishedVersion: flows.publishedVersion,
  draftHash: flows.draftHash,
  createdAt: flows.createdAt,
  updatedAt: flows.updatedAt,
  updatedBy: flows.updatedBy,
  publishedHash: flowVersions.contentHash,
};

const versionInfoColumns = {
  flowId: flowVersions.flowId,
  number: flowVersions.number,
  contentHash: flowVersions.contentHash,
  note: flowVersions.note,
  author: flowVersions.author,
  createdAt: flowVersions.createdAt,
};

/**
 * Flows: one mutable draft per flow (saved against a revision) and immutable published versions.
 * Deleting is soft: versions stay readable for the sessions pinned to them, and creating a flow
 * with a deleted flow's id revives the row (its revision and version numbers continue).
 */
export class FlowsRepo {
  private readonly now: () => number;
  /** :id → the flow's head, unless deleted. */
  private readonly headQuery: ReturnType<typeof prepareHeadQuery>;

  constructor(
    private readonly db: Db,
    options: RepoOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.headQuery = prepareHeadQuery(db);
  }

  /** Creates a flow whose draft is `document` (revision 1, unpublished). */
  async createFlow(document: FlowDocument, author: string): Promise<Result<FlowRecord, FlowExists>> {
    const encoded = flowDocumentCodec.encode(document);
    const at = this.now();
    return inTransaction(this.db, async (tx): Promise<Result<FlowRecord, FlowExists>> => {
      const inserted = await changes(
        tx
          .insert(flows)
          .values({ id: document.id, name: document.name, draft: encoded.text, draftHash: encoded.hash, createdBy: author, updatedBy: author, createdAt: at, updatedAt: at })
          .onConflictDoNothing(),
      );
      if (inserted === 0 && !(await this.revive(tx, document, encoded, author, at))) return err(new FlowExists(document.id));
      const created = await this.summary(tx, document.id);
      if (created === undefined) throw new Error(`flow ${document.id} vanished while being created`);
      return ok({ ...created, draft: document });
    });
  }

  /** Whether the flow exists and which version is live, without reading its draft. */
  async getFlowHead(id: string): Promise<FlowHead | undefined> {
    return this.headQuery.get({ id });
  }

  async getFlow(id: string): Promise<FlowRecord | undefined> {
    const row = await one(
      this.db
        .select({ ...summaryColumns, draft: flows.draft })
        .from(flows)
        .leftJoin(flowVersions, and(eq(flowVersions.flowId, flows.id), eq(flowVersions.number, flows.publishedVersion)))
        .where(and(eq(flows.id, id), isNull(flows.deletedAt))),
    );
    if (row === undefined) return undefined;
    const { draft, ...summary } = row;
    return { ...toSummary(summary), draft: flowDocumentCodec.decode(draft) };
  }

  /** Flows that are not deleted, by name. */
  async listFlows(): Promise<FlowSummary[]> {
    const rows = await many(this.summaryQuery(this.db).where(isNull(flows.deletedAt)).orderBy(asc(flows.name), asc(flows.id)));
    return rows.map(toSummary);
  }

  /** Replaces the draft if it is still at `baseRevision`; returns the new revision. */
  async saveDraft(
    id: string,
    document: FlowDocument,
    baseRevision: number,
    author: string | null = null,
  ): Promise<Result<{ revision: number }, FlowNotFound | RevisionConflict | FlowIdMismatch>> {
    if (document.id !== id) return err(new FlowIdMismatch(id, document.id));
    const encoded = flowDocumentCodec.encode(document);
    const at = this.now();
    return inTransaction(this.db, async (tx): Promise<Result<{ revision: number }, FlowNotFound | RevisionConflict>> => {
      const saved = await one(
        tx
          .update(flows)
          .set({ name: document.name, draft: encoded.text, draftHash: encoded.hash, revision: sql`${flows.revision} + 1`, updatedAt: at, updatedBy: author })
          .where(and(eq(flows.id, id), eq(flows.revision, baseRevision), isNull(flows.deletedAt)))
          .returning({ revision: flows.revision }),
      );
      if (saved !== undefined) return ok(saved);
      return err(await this.whyNotAt(tx, id, baseRevision));
    });
  }

  /** Soft-deletes a flow. Its versions stay, so sessions already running on them can finish. */
  async deleteFlow(id: string): Promise<Result<{ deletedAt: number }, FlowNotFound>> {
    const at = this.now();
    const deleted = await changes(
      this.db
        .update(flows)
        .set({ deletedAt: at, updatedAt: at })
        .where(and(eq(flows.id, id), isNull(flows.deletedAt))),
    );
    return deleted === 0 ? err(new FlowNotFound(id)) : ok({ deletedAt: at });
  }

  /** Publishes the current draft as the next version and makes it live. */
  async publish(id: string, options: PublishOptions): Promise<Result<FlowVersionInfo, FlowNotFound | RevisionConflict>> {
    const at = this.now();
    const { baseRevision } = options;
    return inTransaction(this.db, async (tx): Promise<Result<FlowVersionInfo, FlowNotFound | RevisionConflict>> => {
      const bumped = await one(
        tx
          .update(flows)
          .set({ versionCount: sql`${flows.versionCount} + 1`, publishedVersion: sql`${flows.versionCount} + 1`, updatedAt: at })
          .where(and(eq(flows.id, id), isNull(flows.deletedAt), baseRevision === undefined ? undefined : eq(flows.revision, baseRevision)))
          .returning({ number: flows.versionCount, draft: flows.draft, draftHash: flows.draftHash }),
      );
      if (bumped === undefined) return err(baseRevision === undefined ? new FlowNotFound(id) : await this.whyNotAt(tx, id, baseRevision));
      const version = { flowId: id, number: bumped.number, contentHash: bumped.draftHash, note: options.note ?? null, author: options.author, createdAt: at };
      const document = options.pin ? flowDocumentCodec.encode(options.pin(flowDocumentCodec.decode(bumped.draft))).text : bumped.draft;
      await changes(tx.insert(flowVersions).values({ ...version, document }));
      return ok({ ...version, live: true });
    });
  }

  /** Every published version of a live flow, newest first (without documents). */
  async listVersions(id: string): Promise<FlowVersionInfo[] | undefined> {
    const flow = await one(this.db.select({ publishedVersion: flows.publishedVersion }).from(flows).where(and(eq(flows.id, id), isNull(flows.deletedAt))));
    if (flow === undefined) return undefined;
    const rows = await many(this.db.select(versionInfoColumns).from(flowVersions).where(eq(flowVersions.flowId, id)).orderBy(desc(flowVersions.number)));
    return rows.map((row) => ({ ...row, live: row.number === flow.publishedVersion }));
  }

  /** One version with its document. Works for deleted flows too: sessions pinned to it need it. */
  async getVersion(id: string, number: number): Promise<FlowVersion | undefined> {
    const row = await one(
      this.db
        .select({ ...versionInfoColumns, document: flowVersions.document, publishedVersion: flows.publishedVersion, deletedAt: flows.deletedAt })
        .from(flowVersions)
        .innerJoin(flows, eq(flows.id, flowVersions.flowId))
        .where(and(eq(flowVersions.flowId, id), eq(flowVersions.number, number))),
    );
    if (row === undefined) return undefined;
    const { document, publishedVersion, deletedAt, ...info } = row;
    return { ...info, live: deletedAt === null && publishedVersion === row.number, document: flowDocumentCodec.decode(document) };
  }

  /** The live version: what a new session starts on. Undefined when never published or deleted. */
  async getPublished(id: string): Promise<FlowVersion | undefined> {
    const flow = await one(
      this.db
        .select({ publishedVersion: flows.publishedVersion })
        .from(flows)
        .where(and(eq(flows.id, id), isNull(flows.deletedAt), isNotNull(flows.publishedVersion))),
    );
    if (flow === undefined || flow.publishedVersion === null) return undefined;
    return this.getVersion(id, flow.publishedVersion);
  }

  /**
   * Publishes version `number`'s document again, as a new version noted "rollback to vN", and
   * makes it the draft too. Returns the new version and the draft's new revision.
   */
  async rollback(
    id: string,
    number: number,
    author: string,
  ): Promise<Result<{ version: FlowVersionInfo; revision: number }, FlowNotFound | VersionNotFound>> {
    const at = this.now();
    return inTransaction(this.db, async (tx): Promise<Result<{ version: FlowVersionInfo; revision: number }, FlowNotFound | VersionNotFound>> => {
      const old = await one(
        tx
          .select({ document: flowVersions.document })
          .from(flowVersions)
          .innerJoin(flows, eq(flows.id, flowVersions.flowId))
          .where(and(eq(flowVersions.flowId, id), eq(flowVersions.number, number), isNull(flows.deletedAt))),
      );
      if (old === undefined) return err((await this.exists(tx, id)) ? new VersionNotFound(id, number) : new FlowNotFound(id));
      const document = flowDocumentCodec.decode(old.document);
      const encoded = flowDocumentCodec.encode(document);
      const bumped = await one(
        tx
          .update(flows)
          .set({
            name: document.name,
            draft: encoded.text,
            draftHash: encoded.hash,
            revision: sql`${flows.revision} + 1`,
            versionCount: sql`${flows.versionCount} + 1`,
            publishedVersion: sql`${flows.versionCount} + 1`,
            updatedAt: at,
            updatedBy: author,
          })
          .where(and(eq(flows.id, id), isNull(flows.deletedAt)))
          .returning({ number: flows.versionCount, revision: flows.revision }),
      );
      if (bumped === undefined) return err(new FlowNotFound(id));
      const version = { flowId: id, number: bumped.number, contentHash: encoded.hash, note: `rollback to v${number}`, author, createdAt: at };
      await changes(tx.insert(flowVersions).values({ ...version, document: encoded.text }));
      return ok({ version: { ...version, live: true }, revision: bumped.revision });
    });
  }

  /** Brings a soft-deleted flow back with a new draft; false when the id belongs to a live flow. */
  private async revive(tx: Executor, document: FlowDocument, encoded: EncodedFlowDocument, author: string, at: number): Promise<boolean> {
    const revived = await changes(
      tx
        .update(flows)
        .set({
          name: document.name,
          draft: encoded.text,
          draftHash: encoded.hash,
          revision: sql`${flows.revision} + 1`,
          publishedVersion: null,
          createdBy: author,
          updatedBy: author,
          createdAt: at,
          updatedAt: at,
          deletedAt: null,
        })
        .where(and(eq(flows.id, document.id), isNotNull(flows.deletedAt))),
    );
    return revived > 0;
  }

  private summaryQuery(executor: Executor) {
    return executor
      .select(summaryColumns)
      .from(flows)
      .leftJoin(flowVersions, and(eq(flowVersions.flowId, flows.id), eq(flowVersions.number, flows.publishedVersion)));
  }

  private async summary(executor: Executor, id: string): Promise<FlowSummary | undefined> {
    const row = await one(this.summaryQuery(executor).where(and(eq(flows.id, id), isNull(flows.deletedAt))));
    return row === undefined ? undefined : toSummary(row);
  }

  private async exists(executor: Executor, id: string): Promise<boolean> {
    return (await one(executor.select({ id: flows.id }).from(flows).where(and(eq(flows.id, id), isNull(flows.deletedAt))))) !== undefined;
  }

  /** After a guarded update matched nothing: the flow is gone, or at another revision. */
  private async whyNotAt(executor: Executor, id: string, baseRevision: number): Promise<FlowNotFound | RevisionConflict> {
    const row = await one(executor.select({ revision: flows.revision }).from(flows).where(and(eq(flows.id, id), isNull(flows.deletedAt))));
    return row === undefined ? new FlowNotFound(id) : new RevisionConflict(id, baseRevision, row.revision);
  }
}

function prepareHeadQuery(db: Db) {
  return prepared(
    "flow_head",
    db
      .select({ id: flows.id, publishedVersion: flows.publishedVersion })
      .from(flows)
      .where(and(eq(flows.id, sql.placeholder("id")), isNull(flows.deletedAt))),
  );
}

function toSummary(row: {
  id: string;
  name: string;
  revision: number;
  publishedVersion: number | null;
  draftHash: string;
  createdAt: number;
  updatedAt: number;
  updatedBy: string | null;
  publishedHash: string | null;
}): FlowSummary {
  const { publishedHash, ...rest } = row;
  const status: FlowStatus = row.publishedVersion === null ? "unpublished" : publishedHash === row.draftHash ? "published" : "changed";
  return { ...rest, status };
}
