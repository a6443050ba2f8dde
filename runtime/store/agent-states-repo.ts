import { and, asc, count, eq, inArray, isNull } from "drizzle-orm";
import { agentStates, conversations, teamMembers, teams, users } from "../../drizzle/schema";
import { changes, type Db, forUpdate, inTransaction, many, one } from "#store-dialect";
import { availableFacts } from "./analytics/rollup-facts";
import { RollupWrites } from "./analytics/rollup-writes";
import type { RepoOptions } from "./repo-options";
import { type Availability, effectiveCapacity, OPEN_STATUSES } from "./room-records";
import type { Role } from "./users-repo";

/** An agent (a user with the agent or admin role) as routing sees them. */
export interface AgentRecord {
  userId: string;
  name: string;
  email: string;
  role: Role;
  availability: Availability;
  /** What routing and the claim use: `ownCapacity`, else the highest capacity among the agent's teams, else 3. */
  capacity: number;
  /** The capacity an admin set for this agent; null = from their teams. */
  ownCapacity: number | null;
  /** Conversations assigned to the agent, active or on hold. */
  open: number;
  lastRoutedAt: number | null;
  teamIds: string[];
}

export interface AgentStatePatch {
  availability?: Availability;
  /** null: back to the team default. */
  capacity?: number | null;
}

/** What agents chose (availability, capacity) and how loaded they are. Presence is not stored here. */
export class AgentStatesRepo {
  private readonly now: () => number;

  private readonly rollups: RollupWrites | undefined;

  constructor(
    private readonly db: Db,
    options: RepoOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.rollups = options.rollups === false ? undefined : new RollupWrites(db);
  }

  /** Every enabled user (all roles may take conversations: agents and admins), or only `userIds`. */
  async listAgents(userIds?: readonly string[]): Promise<AgentRecord[]> {
    if (userIds !== undefined && userIds.length === 0) return [];
    const rows = await many(
      this.db
        .select({
          userId: users.id,
          name: users.name,
          email: users.email,
          role: users.role,
          availability: agentStates.availability,
          capacity: agentStates.capacity,
          lastRoutedAt: agentStates.lastRoutedAt,
        })
        .from(users)
        .leftJoin(agentStates, eq(agentStates.userId, users.id))
        .where(and(isNull(users.disabledAt), userIds === undefined ? undefined : inArray(users.id, [...userIds])))
        .orderBy(asc(users.name), asc(users.id)),
    );
    const ids = rows.map((row) => row.userId);
    if (ids.length === 0) return [];
    const loads = await many(
      this.db
        .select({ userId: conversations.assigneeId, open: count() })
        .from(conversations)
        .where(and(inArray(conversations.assigneeId, ids), inArray(conversations.status, [...OPEN_STATUSES])))
        .groupBy(conversations.assigneeId),
    );
    const memberships = await many(
      this.db
        .select({ teamId: teamMembers.teamId, userId: teamMembers.userId, capacity: teams.capacity })
        .from(teamMembers)
        .innerJoin(teams, eq(teams.id, teamMembers.teamId))
        .where(inArray(teamMembers.userId, ids)),
    );
    return rows.map((row) => ({
      userId: row.userId,
      name: row.name,
      email: row.email,
      role: row.role,
      availability: row.availability ?? "available",
      capacity: effectiveCapacity(row.capacity ?? null, memberships.filter((member) => member.userId === row.userId).map((member) => member.capacity)),
      ownCapacity: row.capacity ?? null,
      lastRoutedAt: row.lastRoutedAt ?? null,
      open: loads.find((load) => load.userId === row.userId)?.open ?? 0,
      teamIds: memberships.filter((member) => member.userId === row.userId).map((member) => member.teamId),
    }));
  }

  async getAgent(userId: string): Promise<AgentRecord | undefined> {
    return (await this.listAgents([userId]))[0];
  }

  /** The enabled members of a team, with their state and load. */
  async teamAgents(teamId: string): Promise<AgentRecord[]> {
    const members = await many(this.db.select({ userId: teamMembers.userId }).from(teamMembers).where(eq(teamMembers.teamId, teamId)));
    return this.listAgents(members.map((member) => member.userId));
  }

  /** Sets availability and/or capacity (null: the team default), creating the row with defaults. False when the user does not exist. */
  async setState(userId: string, patch: AgentStatePatch): Promise<boolean> {
    if ((await one(this.db.select({ id: users.id }).from(users).where(eq(users.id, userId)))) === undefined) return false;
    const at = this.now();
    await inTransaction(this.db, async (tx) => {
      // The time the agent was available until now goes to the rollups (analytics: occupancy), split per 15-minute bucket.
      const previous = await one(forUpdate(tx.select({ availability: agentStates.availability, updatedAt: agentStates.updatedAt }).from(agentStates).where(eq(agentStates.userId, userId))));
      if (previous !== undefined && previous.availability === "available" && at > previous.updatedAt) await this.rollups?.add(tx, [], availableFacts(userId, previous.updatedAt, at));
      await changes(
        tx
          .insert(agentStates)
          .values({ userId, availability: patch.availability ?? "available", capacity: patch.capacity ?? null, updatedAt: at })
          .onConflictDoUpdate({ target: agentStates.userId, set: { ...patch, updatedAt: at } }),
      );
    });
    return true;
  }

  /** Round robin picked the agent now: they go to the back of the line. */
  async markRouted(userId: string): Promise<void> {
    const at = this.now();
    await changes(
      this.db
        .insert(agentStates)
        .values({ userId, lastRoutedAt: at, updatedAt: at })
        .onConflictDoUpdate({ target: agentStates.userId, set: { lastRoutedAt: at } }),
    );
  }
}
