/**
 * `npm run db:migrate` (or the `switchboard-migrate` command): applies the pending migrations to
 * the database the server would use (`DATABASE_URL=postgres://…`, else SQLite in `$DATA_DIR`)
 * without starting the server, and says how many it applied. Exit 1 with the reason on failure.
 */
import { databaseTargetFromEnv, describeTarget, redactUrl } from "./database-target";
import { migrateDatabase } from "./migrate-database";

try {
  const target = databaseTargetFromEnv();
  const started = performance.now();
  const { applied, total } = await migrateDatabase(target);
  const ms = Math.round(performance.now() - started);
  console.log(`${describeTarget(target)}: ${applied} migration(s) applied, ${total} in all (${ms} ms)`);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`db:migrate failed: ${process.env.DATABASE_URL ? message.replaceAll(process.env.DATABASE_URL, redactUrl(process.env.DATABASE_URL)) : message}`);
  process.exitCode = 1;
}
