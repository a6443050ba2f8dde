import { configFromEnv } from "./config";
import { processLog } from "./logging/process-log";
import { startServer } from "./server";
import { databaseTargetFromEnv } from "./store/database-target";

/** `npm start`: the runtime on $HOST:$PORT with its database in $DATA_DIR. */
async function main(): Promise<void> {
  if (databaseTargetFromEnv().dialect === "postgresql") {
    // Refused rather than ignored: nobody should believe their data is in PostgreSQL (issue 16).
    throw new Error("DATABASE_URL names PostgreSQL, which `npm run db:migrate` can prepare but the server cannot run on yet: unset DATABASE_URL to run on SQLite in $DATA_DIR");
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
