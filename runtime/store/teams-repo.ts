import { and, asc, eq, sql } from "drizzle-orm";
import { audioAssets, type RECORDING_MODES, type ROUTING_STRATEGIES, teamMembers, teams } from "../../drizzle/schema";
import { isShippedAudio } from "../audio/shipped-audio";
import { changes, type Db, type Executor, inTransaction, isForeignKeyViolation, many, one, prepared } from "#store-dialect";
import type { RepoOptions } from "./repo-options";
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
    this.defaultsQuery = prepared(
      "team_defaults",
      db
        .select({ holdAudio: teams.holdAudio, transferTimeoutSeconds: teams.transferTimeoutSeconds, recording: teams.recording })
        .from(teams)
        .where(eq(teams.id, sql.placeholder("id"))),
    );
  }

  /** Creates a team with the given settings (the rest default); refuses a taken id and a hold audio that does not exist. */
  async createTeam(input: { id: string; name: string } & Partial<Omit<TeamSettings, "name">>): Promise<Result<TeamRecord, TeamExists | HoldAudioNotFound>> {
    const at = this.now();
    const created = await inTransaction(this.db, async (tx): Promise<Result<true, TeamExists | HoldAudioNotFound>> => {
      if (input.holdAudio !== undefined && input.holdAudio !== null && !(await audioExists(tx, input.holdAudio))) return err(new HoldAudioNotFound(input.holdAudio));
      const inserted = await many(
        tx
          .insert(teams)
          .values({ ...input, createdAt: at, updatedAt: at })
          .onConflictDoNothing({ target: teams.id })
          .returning({ id: teams.id }),
      );
      return inserted.length === 0 ? err(new TeamExists(input.id)) : ok(true);
    });
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
    const updated = await inTransaction(this.db, async (tx): Promise<Result<true, TeamNotFound | HoldAudioNotFound>> => {
      if (change.holdAudio !== undefined && change.holdAudio !== null && !(await audioExists(tx, change.holdAudio))) return err(new HoldAudioNotFound(change.holdAudio));
      const changed = await changes(tx.update(teams).set({ ...change, updatedAt: this.now() }).where(eq(teams.id, id)));
      return changed === 0 ? err(new TeamNotFound(id)) : ok(true);
    });
    if (!updated.ok) return updated;
    const team = await this.getTeam(id);
    return team === undefined ? err(new TeamNotFound(id)) : ok(team);
  }

  /** Sets how agent rooms offer the team's conversations. */
  async setRouting(id: string, routing: { routingStrategy: RoutingStrategy; offerTimeoutSeconds: number }): Promise<Result<TeamRecord, TeamNotFound>> {
    const updated = await changes(this.db.update(teams).set({ ...routing, updatedAt: this.now() }).where(eq(teams.id, id)));
    const team = updated === 0 ? undefined : await this.getTeam(id);
    return team === undefined ? err(new TeamNotFound(id)) : ok(team);
  }

  /** Every team, by name, with its members. */
  async listTeams(): Promise<TeamRecord[]> {
    const rows = await many(this.db.select().from(teams).orderBy(asc(teams.name), asc(teams.id)));
    const members = await many(this.db.select({ teamId: teamMembers.teamId, userId: teamMembers.userId }).from(teamMembers).orderBy(asc(teamMembers.addedAt)));
    return rows.map((team) => ({ ...team, members: members.filter((member) => member.teamId === team.id).map((member) => member.userId) }));
  }

  async getTeam(id: string): Promise<TeamRecord | undefined> {
    const row = await one(this.db.select().from(teams).where(eq(teams.id, id)));
    if (row === undefined) return undefined;
    const members = await many(this.db.select({ userId: teamMembers.userId }).from(teamMembers).where(eq(teamMembers.teamId, id)).orderBy(asc(teamMembers.addedAt)));
    return { ...row, members: members.map((member) => member.userId) };
  }

  /** A team's hold audio, transfer timeout and recording (one row, no members); undefined when there is no such team. */
  async defaults(id: string): Promise<TeamDefaults | undefined> {
    return this.defaultsQuery.get({ id });
  }

  /** Adds a user to a team; adding a member twice is fine. */
  async addMember(teamId: string, userId: string): Promise<Result<true, TeamNotFound | UserNotFound>> {
    if ((await one(this.db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)))) === undefined) return err(new TeamNotFound(teamId));
    try {
      await changes(this.db.insert(teamMembers).values({ teamId, userId, addedAt: this.now() }).onConflictDoNothing());
    } catch (error) {
      if (isForeignKeyViolation(error)) return err(new UserNotFound(userId));
      throw error;
    }
    return ok(true);
  }

  async removeMember(teamId: string, userId: string): Promise<boolean> {
    return (await changes(this.db.delete(teamMembers).where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId))))) > 0;
  }
}

/** `hold`, `ringback`, or an asset of the audio library. */
async function audioExists(tx: Executor, id: string): Promise<boolean> {
  return isShippedAudio(id) || (await one(tx.select({ one: sql<number>`1` }).from(audioAssets).where(eq(audioAssets.id, id)))) !== undefined;
}
