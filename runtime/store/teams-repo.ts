import { and, asc, eq } from "drizzle-orm";
import { type ROUTING_STRATEGIES, teamMembers, teams } from "../../drizzle/schema";
import type { Db, RepoOptions } from "./database";
import { err, ok, type Result } from "./result";
import { TeamExists, TeamNotFound, UserNotFound } from "./store-errors";

export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

export interface TeamRecord {
  id: string;
  name: string;
  /** How agent rooms offer the team's conversations (default broadcast). */
  routingStrategy: RoutingStrategy;
  /** round_robin: seconds the one agent has before everyone is offered it (default 20). */
  offerTimeoutSeconds: number;
  createdAt: number;
  updatedAt: number;
  /** User ids of the members. */
  members: string[];
}

/** Agent teams and their members. */
export class TeamsRepo {
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    options: RepoOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  async createTeam(input: { id: string; name: string }): Promise<Result<TeamRecord, TeamExists>> {
    const at = this.now();
    const inserted = this.db
      .insert(teams)
      .values({ id: input.id, name: input.name, createdAt: at, updatedAt: at })
      .onConflictDoNothing({ target: teams.id })
      .returning({ id: teams.id })
      .all();
    return inserted.length === 0
      ? err(new TeamExists(input.id))
      : ok({ id: input.id, name: input.name, routingStrategy: "broadcast", offerTimeoutSeconds: 20, createdAt: at, updatedAt: at, members: [] });
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
    return (await this.listTeams()).find((team) => team.id === id);
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
