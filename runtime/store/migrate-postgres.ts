import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

/** The committed PostgreSQL migrations (drizzle/README.md), found from this file. */
export const POSTGRES_MIGRATIONS_FOLDER = fileURLToPath(new URL("../../drizzle/postgres-migrations", import.meta.url));

/** Any fixed 64-bit number: the advisory lock that lets one migrator at a time run on a database. */
export const MIGRATION_LOCK = 7_360_411_562_001;

export interface MigrationResult {
  /** Migrations applied by this run. */
  applied: number;
  /** Migrations the database has now. */
  total: number;
}

/**
 * Applies drizzle/postgres-migrations/ to the database at `url` (drizzle's migrator: the pending
 * ones in one transaction, recorded in `drizzle.__drizzle_migrations`), holding an advisory lock
 * so instances or deployments migrating at once run one after another. Needs no schema import,
 * so it runs in either build of `#dialect`.
 */
export async function migratePostgres(url: string): Promise<MigrationResult> {
  // One connection: the advisory lock and the migration must share it.
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    const count = async () => {
      const [table] = await client<{ exists: boolean }[]>`select to_regclass('drizzle.__drizzle_migrations') is not null as exists`;
      if (!table?.exists) return 0;
      const [row] = await client<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
      return row?.n ?? 0;
    };
    const before = await count();
    await migrate(drizzle({ client }), { migrationsFolder: POSTGRES_MIGRATIONS_FOLDER });
    const total = await count();
    return { applied: total - before, total };
  } finally {
    await client.end();
  }
}
