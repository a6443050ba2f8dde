import type { SQL } from "drizzle-orm";
import { afterAll } from "vitest";
import { type Db, DIALECT, type GroupCommit, openDb, rows } from "#store-dialect";
import type { DatabaseTarget } from "../database-target";
import { migratePostgres } from "../migrate-postgres";
import { type PostgresCluster, startPostgresCluster } from "./postgres-cluster";
import { tempDataDir } from "./temp-data-dir";

/**
 * A fresh, migrated database of the build's dialect (`#store-dialect`), for the tests written once
 * for both: a SQLite file in a `mkdtemp` directory, or, in the PostgreSQL build (the `postgres`
 * vitest project), a new database on one throwaway cluster shared by the test file (started on
 * first use, stopped after the file's last test).
 */
export interface TestDatabase {
  db: Db;
  /** SQLite's group commit on `db` (none on PostgreSQL). */
  writes: GroupCommit | undefined;
  target: DatabaseTarget;
  /** Raw SQL on the database: rows as the driver gives them (PostgreSQL's `bigint` as text). */
  rows(query: SQL): Promise<Record<string, unknown>[]>;
  /** Closes and opens the same database again. */
  reopen(): Promise<Db>;
  /** Closes it and removes the SQLite directory (PostgreSQL: the cluster goes after the file). */
  dispose(): Promise<void>;
}

/** The file's cluster, and on it a migrated database every test's database is copied from. */
let cluster: Promise<{ server: PostgresCluster; template: string }> | undefined;
let databases = 0;
afterAll(async () => {
  const started = cluster;
  cluster = undefined;
  if (started !== undefined) await (await started).server.stop();
});

async function freshTarget(label: string): Promise<{ target: DatabaseTarget; remove(): void }> {
  if (DIALECT === "sqlite") {
    const { dir, remove } = tempDataDir(label);
    return { target: { dialect: "sqlite", dataDir: dir }, remove };
  }
  cluster ??= startMigratedCluster();
  const { server, template } = await cluster;
  const name = `${label.toLowerCase().replace(/[^a-z0-9_]/g, "_")}_${++databases}`;
  const url = await server.createDatabase(name, template);
  return { target: { dialect: "postgresql", url }, remove: () => {} };
}

/** Copying a migrated database (`create database … template`) takes a tenth of migrating each one. */
async function startMigratedCluster(): Promise<{ server: PostgresCluster; template: string }> {
  const server = await startPostgresCluster();
  const template = "migrated_template";
  await migratePostgres(await server.createDatabase(template));
  return { server, template };
}

export async function openTestDatabase(label = "store"): Promise<TestDatabase> {
  const { target, remove } = await freshTarget(label);
  let opened = await openDb(target);
  const handle: TestDatabase = {
    db: opened.db,
    writes: opened.writes,
    target,
    rows: (query) => rows(handle.db, query),
    async reopen() {
      await opened.close();
      opened = await openDb(target);
      handle.db = opened.db;
      handle.writes = opened.writes;
      return handle.db;
    },
    async dispose() {
      await opened.close();
      remove();
    },
  };
  return handle;
}
