import { type Db, openDb } from "#store-dialect";
import type { DatabaseTarget } from "../database-target";
import { type PortableRepos, portableRepos } from "../portable-repos";
import { TEST_SCRYPT, TestClock } from "./test-clock";
import { openTestDatabase, type TestDatabase } from "./test-database";

/**
 * The repositories written for both databases (`portableRepos`) on a fresh database of the build's
 * dialect (`openTestDatabase`), with a manual clock: what their test files use, so the same file
 * runs on SQLite (the `sqlite` vitest project) and on PostgreSQL (the `postgres` project).
 */
export interface TestRepos {
  store: PortableRepos;
  db: Db;
  clock: TestClock;
  /** Where the database is: a second connection (another process) opens it with `openDb`. */
  target: DatabaseTarget;
  /** Raw SQL on the database (PostgreSQL's `bigint` comes back as text). */
  rows: TestDatabase["rows"];
  /** Closes and opens the same database again: new repositories, nothing kept in memory. */
  reopen(): Promise<PortableRepos>;
  /** The repositories on a second connection (SQLite) or pool (PostgreSQL) to the same database, as another instance has them. */
  another(): Promise<{ store: PortableRepos; db: Db; close(): Promise<void> }>;
  dispose(): Promise<void>;
}

export async function openTestRepos(label = "repos"): Promise<TestRepos> {
  const database = await openTestDatabase(label);
  const clock = new TestClock();
  const build = (db: Db) => portableRepos(db, { now: clock.now, scrypt: TEST_SCRYPT, writes: database.writes });
  const handle: TestRepos = {
    store: build(database.db),
    db: database.db,
    clock,
    target: database.target,
    rows: (query) => database.rows(query),
    async reopen() {
      handle.db = await database.reopen();
      handle.store = build(handle.db);
      return handle.store;
    },
    async another() {
      const other = await openDb(database.target);
      return { store: portableRepos(other.db, { now: clock.now, scrypt: TEST_SCRYPT, writes: other.writes }), db: other.db, close: () => other.close() };
    },
    dispose: () => database.dispose(),
  };
  return handle;
}
