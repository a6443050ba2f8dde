import { z } from "zod";
import { dataDirFromEnv } from "./data-dir";

/** Which database the store is: PostgreSQL when `DATABASE_URL` names one, else SQLite in the data directory. */
export const DatabaseTarget = z.discriminatedUnion("dialect", [
  z.object({ dialect: z.literal("postgresql"), url: z.string().min(1) }),
  z.object({ dialect: z.literal("sqlite"), dataDir: z.string().min(1) }),
]);
export type DatabaseTarget = z.infer<typeof DatabaseTarget>;

/**
 * `DATABASE_URL=postgres://…` (or `postgresql://…`) selects PostgreSQL; unset or empty, SQLite at
 * `$DATA_DIR/switchboard.db`. Any other `DATABASE_URL` is refused, naming the variable, rather
 * than silently falling back to SQLite.
 */
export function databaseTargetFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (!url) return { dialect: "sqlite", dataDir: dataDirFromEnv(env) };
  if (!URL.canParse(url) || !["postgres:", "postgresql:"].includes(new URL(url).protocol)) {
    throw new Error(`DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/database), or unset for SQLite in $DATA_DIR; got ${JSON.stringify(redactUrl(url))}`);
  }
  return { dialect: "postgresql", url };
}

/** The URL without its password, for logs and errors. */
export function redactUrl(url: string): string {
  if (!URL.canParse(url)) return url.replace(/:[^:@/]*@/, ":***@");
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}

/** Where a target is, for people: the SQLite file, or the PostgreSQL URL without its password. */
export function describeTarget(target: DatabaseTarget): string {
  return target.dialect === "postgresql" ? `PostgreSQL ${redactUrl(target.url)}` : `SQLite ${target.dataDir}/switchboard.db`;
}
