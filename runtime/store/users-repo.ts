import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { type ROLES, users } from "../../drizzle/schema";
import { changes, type Db, many, one } from "#store-dialect";
import type { RepoOptions } from "./repo-options";
import { DEFAULT_SCRYPT, hashPassword, type ScryptParams, verifyPassword } from "./password";
import { err, ok, type Result } from "./result";
import { EmailTaken, UserNotFound } from "./store-errors";

export type Role = (typeof ROLES)[number];

export interface UserRecord {
  id: string;
  /** Trimmed and lower-cased. */
  email: string;
  name: string;
  role: Role;
  createdAt: number;
  disabledAt: number | null;
}

export interface CreateUserInput {
  email: string;
  name: string;
  role: Role;
  password: string;
}

export interface UsersRepoOptions extends RepoOptions {
  /** scrypt cost for new hashes (tests may lower it). */
  scrypt?: ScryptParams;
}

const userColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  createdAt: users.createdAt,
  disabledAt: users.disabledAt,
};

/** Emails are compared trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Users who sign in to the designer and the agent console. The password hash never leaves this class. */
export class UsersRepo {
  private readonly now: () => number;
  private readonly scrypt: ScryptParams;
  /** A hash to verify against when the email is unknown, so both cases take the same time. */
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly db: Db,
    options: UsersRepoOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.scrypt = options.scrypt ?? DEFAULT_SCRYPT;
  }

  async createUser(input: CreateUserInput): Promise<Result<UserRecord, EmailTaken>> {
    const user: UserRecord = { id: randomUUID(), email: normalizeEmail(input.email), name: input.name, role: input.role, createdAt: this.now(), disabledAt: null };
    const passwordHash = await hashPassword(input.password, this.scrypt);
    const inserted = await many(this.db.insert(users).values({ ...user, passwordHash }).onConflictDoNothing({ target: users.email }).returning({ id: users.id }));
    return inserted.length === 0 ? err(new EmailTaken(user.email)) : ok(user);
  }

  async getUser(id: string): Promise<UserRecord | undefined> {
    return one(this.db.select(userColumns).from(users).where(eq(users.id, id)));
  }

  async findByEmail(email: string): Promise<UserRecord | undefined> {
    return one(this.db.select(userColumns).from(users).where(eq(users.email, normalizeEmail(email))));
  }

  async listUsers(): Promise<UserRecord[]> {
    return many(this.db.select(userColumns).from(users).orderBy(asc(users.email)));
  }

  /** The user, if the email and password match and the user is not disabled. */
  async authenticate(email: string, password: string): Promise<UserRecord | undefined> {
    const row = await one(
      this.db
        .select({ ...userColumns, passwordHash: users.passwordHash })
        .from(users)
        .where(eq(users.email, normalizeEmail(email))),
    );
    if (row === undefined) {
      // Kept once made; a hash refused as busy (PasswordWorkBusy) is made again next time.
      this.dummyHash ??= hashPassword("not a password", this.scrypt).catch((error: unknown) => {
        this.dummyHash = undefined;
        throw error;
      });
      await verifyPassword(password, await this.dummyHash);
      return undefined;
    }
    const { passwordHash, ...user } = row;
    const matches = await verifyPassword(password, passwordHash);
    return matches && user.disabledAt === null ? user : undefined;
  }

  async setPassword(id: string, password: string): Promise<Result<true, UserNotFound>> {
    const passwordHash = await hashPassword(password, this.scrypt);
    const updated = await changes(this.db.update(users).set({ passwordHash }).where(eq(users.id, id)));
    return updated === 0 ? err(new UserNotFound(id)) : ok(true);
  }

  async setRole(id: string, role: Role): Promise<Result<true, UserNotFound>> {
    const updated = await changes(this.db.update(users).set({ role }).where(eq(users.id, id)));
    return updated === 0 ? err(new UserNotFound(id)) : ok(true);
  }

  /** Disables (or re-enables) a user: a disabled user cannot sign in and their login cookies stop working. */
  async setDisabled(id: string, disabled: boolean): Promise<Result<true, UserNotFound>> {
    const updated = await changes(
      this.db
        .update(users)
        .set({ disabledAt: disabled ? this.now() : null })
        .where(eq(users.id, id)),
    );
    return updated === 0 ? err(new UserNotFound(id)) : ok(true);
  }
}
