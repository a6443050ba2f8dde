import { z } from "zod";
import { databaseTargetFromEnv, redactUrl } from "../store/database-target";

/** Which bus this instance uses (runtime/bus/README.md). */
export const BusTarget = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("in-process") }),
  z.object({ kind: z.literal("postgres"), url: z.string() }),
  z.object({ kind: z.literal("redis"), url: z.string() }),
]);
export type BusTarget = z.infer<typeof BusTarget>;

/**
 * `REDIS_URL` (`redis://…` or `rediss://…`) → Redis pub/sub; else `DATABASE_URL=postgres://…` →
 * LISTEN/NOTIFY on that database; else in-process (one instance on SQLite). A `REDIS_URL` that is not
 * a Redis URL is refused, naming the variable, rather than silently ignored.
 */
export function busTargetFromEnv(env: Record<string, string | undefined> = process.env): BusTarget {
  const redis = env.REDIS_URL?.trim();
  if (redis) {
    if (!URL.canParse(redis) || !["redis:", "rediss:"].includes(new URL(redis).protocol)) {
      throw new Error(`REDIS_URL must be a Redis URL (redis://[user:password@]host:6379[/db], or rediss:// for TLS), or unset; got ${JSON.stringify(redactUrl(redis))}`);
    }
    return { kind: "redis", url: redis };
  }
  const database = databaseTargetFromEnv(env);
  return database.dialect === "postgresql" ? { kind: "postgres", url: database.url } : { kind: "in-process" };
}
