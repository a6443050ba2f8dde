import { and, asc, eq, sql } from "drizzle-orm";
import { audioAssets, type RECORDING_MODES, type ROUTING_STRATEGIES, teamMembers, teams } from "../../drizzle/schema";
import { isShippedAudio } from "../audio/shipped-audio";
import type { Db, RepoOptions } from "./database";
import { err, ok, type Result } from "./result";
import { HoldAudioNotFound, TeamExists, TeamNotFound, UserNotFound } from "./store-errors";

export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];
/** `off`, `agent` (from when an agent joins) or `call` (the whole call, flow included). */
export type TeamRecording = (typeof RECORDING_MODES)[number];

/** What an admin sets on a team besides its members (every field optional in a change). */
export interface TeamSettings {
  name: string;
  /** How agent rooms offer the team's conversations (default broadcast). */
  routingStrategy: RoutingStrategy;
  /** round_robin: seconds the one agent has before everyone is offered it (default 20). */
  offerTimeoutSeconds: number;
  /** Played to the team's voice callers while they wait or are held, unless the transfer names one: an asset id, `hold` or `ringback`; null = `hold`. */
  holdAudio: string | null;
  /** Overrides every transfer's own `timeoutSeconds` for this team; null = the transfer's. */
  transferTimeoutSeconds: number | null;
  /** Conversations a member takes at once when they have no capacity of their own; null = 3. */
  capacity: number | null;
  /** Recording of the team's calls on the media plane (default off). */
  recording: TeamRecording;
}

export interface TeamRecord extends TeamSettings {
  id: string;
  createdAt: number;
  updatedAt: number;
  /** User ids of the members. */
  members: string[];
}

/** What transfers, rooms and the media plane take from a team. */
export type TeamDefaults = Pick<TeamSettings, "holdAudio" | "transferTimeoutSeconds" | "recording">;

/** Agent teams and their members. */
export class TeamsRepo {
  private readonly now: () => number;

  /** Read on every transfer step (its timeout) and hold: prepared once. */
  private readonly defaultsQuery;

  constructor(
    private readonly db: Db,
    options: RepoOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.defaultsQuery = db
      .select({ holdAudio: teams.holdAudio, transferTimeoutSeconds: teams.transferTimeoutSeconds, recording: teams.recording })
      .from(teams)
      .where(eq(teams.id, sql.placeholder("id")))
      .prepare();
  }

  /** Creates a team with the given settings (the rest default); refuses a taken id and a hold audio that does not exist. */
  async createTeam(input: { id: string; name: string } & Partial<Omit<TeamSettings, "name">>): Promise<Result<TeamRecord, TeamExists | HoldAudioNotFound>> {
    const at = this.now();
    const created = this.db.transaction(
      (tx): Result<true, TeamExists | HoldAudioNotFound> => {
        if (input.holdAudio !== undefined && input.holdAudio !== null && !audioExists(tx, input.holdAudio)) return err(new HoldAudioNotFound(input.holdAudio));
        const inserted = tx
          .insert(teams)
          .values({ ...input, createdAt: at, updatedAt: at })
          .onConflictDoNothing({ target: teams.id })
          .returning({ id: teams.id })
          .all();
        return inserted.length === 0 ? err(new TeamExists(input.id)) : ok(true);
      },
      { behavior: "immediate" },
    );
    if (!created.ok) return created;
    const team = await this.getTeam(input.id);
    if (team === undefined) throw new Error(`team ${input.id} vanished right after it was created`);
    return ok(team);
  }

  /**
   * Changes a team's settings. A hold audio that is an asset id must exist: checked in the same
   * transaction as the write, so an asset deleted meanwhile cannot end up named by a team.
   */
  async updateTeam(id: string, change: Partial<TeamSettings>): Promise<Result<TeamRecord, TeamNotFound | HoldAudioNotFound>> {
    const updated = this.db.transaction(
      (tx): Result<true, TeamNotFound | HoldAudioNotFound> => {
        if (change.holdAudio !== undefined && change.holdAudio !== null && !audioExists(tx, change.holdAudio)) return err(new HoldAudioNotFound(change.holdAudio));
        const rows = tx.update(teams).set({ ...change, updatedAt: this.now() }).where(eq(teams.id, id)).returning({ id: teams.id }).all();
        return rows.length === 0 ? err(new TeamNotFound(id)) : ok(true);
      },
      { behavior: "immediate" },
    );
    if (!updated.ok) return updated;
    const team = await this.getTeam(id);
    return team === undefined ? err(new TeamNotFound(id)) : ok(team);
  }

  /** Sets how agent rooms offer the team's conversations. */
  async setRouting(id: string, routing: { routingStrategy: RoutingStrategy; offerTimeoutSeconds: number }): Promise<Result<TeamRecord, TeamNotFound>> {
    const updated = this.db.update(teams).set({ ...routing, updatedAt: this.now() }).where(eq(teams.id, id)).returning({ id: teams.id }).all();
    const team = updated.length === 0 ? undefined : await this.getTeam(id);
    return team === undefined ? err(new TeamNotFound(id)) : ok(team);
  }

  /** Every team, by name, with its members. */
  async listTeams(): Promise<TeamRecord[]> {
    const rows = this.db.select().from(teams).orderBy(asc(teams.name), asc(teams.id)).all();
    const members = this.db.select({ teamId: teamMembers.teamId, userId: teamMembers.userId }).from(teamMembers).orderBy(asc(teamMembers.addedAt)).all();
    return rows.map((team) => ({ ...team, members: members.filter((member) => member.teamId === team.id).map((member) => member.userId) }));
  }

  async getTeam(id: string): Promise<TeamRecord | undefined> {
    const row = this.db.select().from(teams).where(eq(teams.id, id)).get();
    if (row === undefined) return undefined;
    const members = this.db.select({ userId: teamMembers.userId }).from(teamMembers).where(eq(teamMembers.teamId, id)).orderBy(asc(teamMembers.addedAt)).all();
    return { ...row, members: members.map((member) => member.userId) };
  }

  /** A team's hold audio, transfer timeout and recording (one row, no members); undefined when there is no such team. */
  async defaults(id: string): Promise<TeamDefaults | undefined> {
    return this.defaultsQuery.get({ id });
  }

  /** Adds a user to a team; adding a member twice is fine. */
  async addMember(teamId: string, userId: string): Promise<Result<true, TeamNotFound | UserNotFound>> {
    if (!this.db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).get()) return err(new TeamNotFound(teamId));
    try {
      this.db.insert(teamMembers).values({ teamId, userId, addedAt: this.now() }).onConflictDoNothing().run();
    } catch (error) {
      if (error instanceof Error && /FOREIGN KEY/.test(error.message)) return err(new UserNotFound(userId));
      throw error;
    }
    return ok(true);
  }

  async removeMember(teamId: string, userId: string): Promise<boolean> {
    return this.db.delete(teamMembers).where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId))).run().changes > 0;
  }
}

/** `hold`, `ringback`, or an asset of the audio library. */
function audioExists(tx: Pick<Db, "select">, id: string): boolean {
  return isShippedAudio(id) || tx.select({ one: sql<number>`1` }).from(audioAssets).where(eq(audioAssets.id, id)).get() !== undefined;
}
