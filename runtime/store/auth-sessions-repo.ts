import { and, eq, gt, isNull, lte, sql } from "drizzle-orm";
import { authSessions, users } from "../../drizzle/schema";
import { changes, type Db, prepared } from "#store-dialect";
import type { RepoOptions } from "./repo-options";
import { secretToken } from "./secret-token";
import type { UserRecord } from "./users-repo";

export interface AuthSessionFound {
  user: UserRecord;
  createdAt: number;
  expiresAt: number;
}

/** Login cookies: the token goes to the browser, the store keeps its sha256 as the row id. */
export class AuthSessionsRepo {
  private readonly now: () => number;
  private readonly findQuery: ReturnType<typeof prepareFind>;

  constructor(
    private readonly db: Db,
    options: RepoOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.findQuery = prepareFind(db);
  }

  /** Returns the cookie token (shown once) and when it expires. */
  async createAuthSession(userId: string, ttlMs: number): Promise<{ token: string; expiresAt: number }> {
    const token = secretToken.create();
    const createdAt = this.now();
    const expiresAt = createdAt + ttlMs;
    await changes(this.db.insert(authSessions).values({ id: secretToken.hash(token), userId, createdAt, expiresAt }));
    return { token, expiresAt };
  }

  /** The signed-in user, if the token is known, not expired, and its user is not disabled. */
  async findAuthSession(token: string): Promise<AuthSessionFound | undefined> {
    const row = await this.findQuery.get({ id: secretToken.hash(token), now: this.now() });
    if (row === undefined) return undefined;
    const { sessionCreatedAt, expiresAt, ...user } = row;
    return { user, createdAt: sessionCreatedAt, expiresAt };
  }

  /** Signs out one cookie. */
  async deleteAuthSession(token: string): Promise<boolean> {
    return (await changes(this.db.delete(authSessions).where(eq(authSessions.id, secretToken.hash(token))))) > 0;
  }

  /** Signs a user out everywhere (after a password change, for instance). */
  async deleteForUser(userId: string): Promise<number> {
    return changes(this.db.delete(authSessions).where(eq(authSessions.userId, userId)));
  }

  /** Removes expired rows; returns how many. */
  async purgeExpired(): Promise<number> {
    return changes(this.db.delete(authSessions).where(lte(authSessions.expiresAt, this.now())));
  }
}

/** Every request signed in with a cookie runs this: :id (the token's hash) and :now → the session and its user. */
function prepareFind(db: Db) {
  const query = db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      createdAt: users.createdAt,
      disabledAt: users.disabledAt,
      sessionCreatedAt: authSessions.createdAt,
      expiresAt: authSessions.expiresAt,
    })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(and(eq(authSessions.id, sql.placeholder("id")), gt(authSessions.expiresAt, sql.placeholder("now")), isNull(users.disabledAt)));
  return prepared("auth_session_find", query);
}
