import { and, asc, eq, isNull, like, notExists, sql } from "drizzle-orm";
import { type AUDIO_FORMATS, audioAssets, flows, flowVersions, teams } from "../../drizzle/schema";
import { bind } from "./bind";
import { changes, type Db, many, one, prepared } from "#store-dialect";
import type { RepoOptions } from "./repo-options";

export type AudioFormat = (typeof AUDIO_FORMATS)[number];

export interface AudioRecord {
  id: string;
  name: string;
  /** sha256 hex of the uploaded bytes. */
  contentHash: string;
  sourceFormat: AudioFormat;
  /** Bytes of the upload. */
  size: number;
  durationMs: number;
  wavSize: number;
  oggSize: number;
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
}

export type NewAudio = Omit<AudioRecord, "createdAt" | "updatedAt">;

/** A published version's document that mentions some text (a prefilter: the caller parses it). */
export interface VersionText {
  flowId: string;
  flowName: string;
  number: number;
  document: string;
}

/** Rows of the audio library (the files are the audio library's business, `runtime/audio/`). */
export class AudioRepo {
  private readonly now: () => number;
  private readonly statements: ReturnType<typeof prepareAudioStatements>;

  constructor(
    private readonly db: Db,
    options: RepoOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.statements = prepareAudioStatements(db);
  }

  /** Inserts a row; when a row with the same content hash exists (a race), answers that one and `created: false`. */
  async insert(input: NewAudio): Promise<{ record: AudioRecord; created: boolean }> {
    const at = this.now();
    const record: AudioRecord = { ...input, createdAt: at, updatedAt: at };
    const inserted = await many(this.db.insert(audioAssets).values(record).onConflictDoNothing({ target: audioAssets.contentHash }).returning({ id: audioAssets.id }));
    if (inserted.length > 0) return { record, created: true };
    const existing = await this.findByHash(input.contentHash);
    if (existing === undefined) throw new Error(`audio row with hash ${input.contentHash} vanished`);
    return { record: existing, created: false };
  }

  async get(id: string): Promise<AudioRecord | undefined> {
    return this.statements.byId.get({ id });
  }

  async findByHash(contentHash: string): Promise<AudioRecord | undefined> {
    return this.statements.byHash.get({ contentHash });
  }

  /** Every asset, by name. */
  async list(): Promise<AudioRecord[]> {
    return many(this.db.select().from(audioAssets).orderBy(asc(audioAssets.name), asc(audioAssets.id)));
  }

  async rename(id: string, name: string): Promise<AudioRecord | undefined> {
    return one(this.db.update(audioAssets).set({ name, updatedAt: this.now() }).where(eq(audioAssets.id, id)).returning());
  }

  /**
   * Deletes the row unless a team names it as hold audio, in one statement (a team changed
   * meanwhile cannot be left naming a deleted asset). False when nothing was deleted.
   */
  async delete(id: string): Promise<boolean> {
    const teamUses = this.db.select({ one: sql`1` }).from(teams).where(eq(teams.holdAudio, id));
    return (await changes(this.db.delete(audioAssets).where(and(eq(audioAssets.id, id), notExists(teamUses))))) > 0;
  }

  /** The teams whose hold audio is this asset. */
  async teamsUsing(id: string): Promise<{ id: string; name: string }[]> {
    return many(this.db.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.holdAudio, id)).orderBy(asc(teams.name), asc(teams.id)));
  }

  /** Published versions (of flows not deleted) whose document text contains `text`. */
  async versionsMentioning(text: string): Promise<VersionText[]> {
    const pattern = `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    return many(
      this.db
        .select({ flowId: flowVersions.flowId, flowName: flows.name, number: flowVersions.number, document: flowVersions.document })
        .from(flowVersions)
        .innerJoin(flows, eq(flows.id, flowVersions.flowId))
        .where(and(isNull(flows.deletedAt), like(flowVersions.document, sql`${pattern} escape '\\'`)))
        .orderBy(asc(flowVersions.flowId), asc(flowVersions.number)),
    );
  }
}

/** The lookups of every `/audio/:id` request, prepared once. */
function prepareAudioStatements(db: Db) {
  return {
    byId: prepared(
      "audio_by_id",
      db
        .select()
        .from(audioAssets)
        .where(eq(audioAssets.id, sql.placeholder("id"))),
    ),
    byHash: prepared(
      "audio_by_hash",
      db
        .select()
        .from(audioAssets)
        .where(eq(audioAssets.contentHash, bind("contentHash"))),
    ),
  };
}
