import { readFileSync } from "node:fs";
import postgres from "postgres";
import { redactUrl } from "../database-target";
import { migratePostgres, POSTGRES_MIGRATIONS_FOLDER } from "../migrate-postgres";
import { CopyRefused } from "./copy-errors";
import type { CopyTable } from "./copy-plan";
import { quote } from "./sqlite-source";

/** Refuses (`--to`) a URL that is not PostgreSQL's. */
export function checkTargetUrl(url: string): void {
  if (!URL.canParse(url) || !["postgres:", "postgresql:"].includes(new URL(url).protocol)) {
    throw new CopyRefused("--to", `must be a PostgreSQL URL (postgres://user:password@host:5432/database); got ${JSON.stringify(redactUrl(url))}`);
  }
}

/** Opens a connection to the copy's target, refusing (`--to`) a URL that is not PostgreSQL's or a server that does not answer. */
export async function connectTarget(url: string): Promise<postgres.Sql> {
  checkTargetUrl(url);
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await sql`select 1`;
  } catch (error) {
    await sql.end({ timeout: 1 });
    throw new CopyRefused("--to", `cannot reach ${redactUrl(url)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return sql;
}

/** The planned tables that hold rows, with a row each (exists, not a full count). */
export async function tablesWithRows(sql: postgres.Sql | postgres.TransactionSql, plan: readonly CopyTable[]): Promise<string[]> {
  const existing = await sql<{ name: string }[]>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_name in ${sql(plan.map((table) => table.name))}`;
  const full: string[] = [];
  for (const { name } of existing) {
    const [row] = await sql.unsafe<{ full: boolean }[]>(`select exists (select 1 from ${quote(name)}) as full`);
    if (row?.full) full.push(name);
  }
  return full;
}

function knownMigrations(): number {
  const parsed: unknown = JSON.parse(readFileSync(`${POSTGRES_MIGRATIONS_FOLDER}/meta/_journal.json`, "utf8"));
  return typeof parsed === "object" && parsed !== null && "entries" in parsed && Array.isArray(parsed.entries) ? parsed.entries.length : 0;
}

/**
 * Makes the target ready to receive a copy: refuses (`--to`) one where any of our tables has
 * rows, or whose migrations are newer than this version's; applies our pending migrations to an
 * empty one (an empty database migrated is what `npm run db:migrate` would give, so nothing is
 * lost and the user saves a step). Answers how many migrations it applied.
 */
export async function prepareTarget(sql: postgres.Sql, url: string, plan: readonly CopyTable[]): Promise<number> {
  const full = await tablesWithRows(sql, plan);
  if (full.length > 0) throw new CopyRefused("--to", `${redactUrl(url)} is not empty (rows in ${full.join(", ")}): copy into an empty database`);
  const [table] = await sql<{ exists: boolean }[]>`select to_regclass('drizzle.__drizzle_migrations') is not null as exists`;
  const applied = table?.exists ? Number((await sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`)[0]?.n ?? 0) : 0;
  const known = knownMigrations();
  if (applied > known) throw new CopyRefused("--to", `${redactUrl(url)} has ${applied} migrations, this version knows ${known}: copy with the version that migrated it`);
  if (applied === known) return 0;
  return (await migratePostgres(url)).applied;
}

/**
 * Sets every sequence (serial or identity column) of the target past the copied maximum, so the
 * next generated value does not collide with a copied row. The schema has none today (ids come
 * from the application); this keeps the copy right if one is added. Answers the columns set.
 */
export async function resetSequences(tx: postgres.TransactionSql): Promise<string[]> {
  const columns = await tx<{ table: string; column: string; sequence: string }[]>`
    select table_name as table, column_name as column, pg_get_serial_sequence(quote_ident(table_name), column_name) as sequence
    from information_schema.columns
    where table_schema = current_schema() and (is_identity = 'YES' or column_default like 'nextval(%')`;
  for (const { table, column, sequence } of columns) {
    await tx.unsafe(`select setval($1, coalesce(max(${quote(column)}), 0) + 1, false) from ${quote(table)}`, [sequence]);
  }
  return columns.map(({ table, column }) => `${table}.${column}`);
}
