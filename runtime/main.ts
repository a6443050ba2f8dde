import { configFromEnv } from "./config";
import { processLog } from "./logging/process-log";
import { startServer } from "./server";
import { DIALECT } from "#store-dialect";
import { databaseTargetFromEnv } from "./store/database-target";

/** `npm start`: the runtime on $HOST:$PORT with its database in $DATA_DIR, or on PostgreSQL for `DATABASE_URL=postgres://…`. */
async function main(): Promise<void> {
  const target = databaseTargetFromEnv();
  if (target.dialect !== DIALECT) {
    // This process was started without the import hook that picks the build from DATABASE_URL.
    throw new Error(`${target.dialect === "postgresql" ? "DATABASE_URL names PostgreSQL" : "DATABASE_URL is unset (SQLite)"} but this process loaded the ${DIALECT} build of the store: start it with \`npm start\` (or \`tsx --import ./runtime/store/postgres-condition.mjs runtime/main.ts\`)`);
  }
  const config = configFromEnv();
  const server = await startServer(config);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    processLog().write(`${signal}: shutting down`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
