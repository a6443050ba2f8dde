import { accessSync, constants, readFileSync, statSync } from "node:fs";
import BetterSqlite3 from "better-sqlite3";
import { MIGRATIONS_FOLDER } from "../open-database";
import { CopyRefused } from "./copy-errors";
import type { CopyTable } from "./copy-plan";
import type { SqliteValue } from "./copy-values";

export type SqliteRow = Record<string, SqliteValue>;

interface JournalEntry {
  tag: string;
  when: number;
}

/**
 * The SQLite file a copy reads, opened read-only with integers read exactly (bigint), inside one
 * read transaction: every table is read from the same snapshot, even if a server still writes to
 * the file (WAL). Opening refuses, naming `--from`, a missing or unreadable file, a file that is
 * not a SQLite database, and one whose migrations are not all applied (listing the missing ones)
 * or which has a table the schema does not know.
 */
export class SqliteSource {
  private constructor(private readonly sqlite: BetterSqlite3.Database) {}

  static open(file: string, plan: readonly CopyTable[]): SqliteSource {
    try {
      if (!statSync(file).isFile()) throw new CopyRefused("--from", `${file} is not a file`);
      accessSync(file, constants.R_OK);
    } catch (error) {
      if (error instanceof CopyRefused) throw error;
      const code = error instanceof Error && "code" in error ? String(error.code) : "";
      throw new CopyRefused("--from", code === "ENOENT" ? `no such file: ${file}` : `cannot read ${file} (${code || String(error)})`);
    }
    let sqlite: BetterSqlite3.Database;
    try {
      sqlite = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
      sqlite.defaultSafeIntegers(true);
      sqlite.exec("begin");
      sqlite.prepare("select count(*) from sqlite_master").get();
    } catch (error) {
      throw new CopyRefused("--from", `${file} is not a readable SQLite database (${error instanceof Error ? error.message : String(error)})`);
    }
    try {
      checkMigrations(sqlite, file);
      checkTables(sqlite, file, plan);
    } catch (error) {
      sqlite.close();
      throw error;
    }
    return new SqliteSource(sqlite);
  }

  /** The table's rows, streamed (one row in memory at a time), in primary-key order when `ordered`. */
  rows(table: CopyTable, ordered: boolean): IterableIterator<SqliteRow> {
    const columns = table.columns.map((column) => quote(column.name)).join(", ");
    const order = ordered ? ` order by ${table.primaryKey.map(quote).join(", ")}` : "";
    return this.sqlite.prepare<[], SqliteRow>(`select ${columns} from ${quote(table.name)}${order}`).iterate();
  }

  count(table: CopyTable): number {
    const row = this.sqlite.prepare<[], { n: bigint }>(`select count(*) as n from ${quote(table.name)}`).get();
    return Number(row?.n ?? 0n);
  }

  close(): void {
    if (this.sqlite.open) this.sqlite.close();
  }
}

export const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

function journal(): JournalEntry[] {
  const parsed: unknown = JSON.parse(readFileSync(`${MIGRATIONS_FOLDER}/meta/_journal.json`, "utf8"));
  if (typeof parsed !== "object" || parsed === null || !("entries" in parsed) || !Array.isArray(parsed.entries)) throw new Error("drizzle/migrations/meta/_journal.json has no entries");
  return parsed.entries.map((entry: unknown) => {
    if (typeof entry !== "object" || entry === null || !("tag" in entry) || !("when" in entry)) throw new Error("a journal entry without tag or when");
    return { tag: String(entry.tag), when: Number(entry.when) };
  });
}

/** drizzle's SQLite migrator records each applied migration's `when` as `created_at`. */
function checkMigrations(sqlite: BetterSqlite3.Database, file: string): void {
  const known = journal();
  const hasTable = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  if (!hasTable) throw new CopyRefused("--from", `${file} has no migrations applied (not a Switchboard database?)`);
  const applied = new Set(sqlite.prepare<[], { at: bigint }>("select created_at as at from __drizzle_migrations").all().map((row) => Number(row.at)));
  const missing = known.filter((entry) => !applied.has(entry.when)).map((entry) => entry.tag);
  if (missing.length > 0) {
    throw new CopyRefused("--from", `${file} lacks migration(s) ${missing.join(", ")}: start the server on it once (or DATA_DIR=<its folder> npm run db:migrate), then copy`);
  }
  const unknown = applied.size - known.length;
  if (unknown > 0) throw new CopyRefused("--from", `${file} has ${unknown} migration(s) this version does not know: copy it with the version that wrote it`);
}

function checkTables(sqlite: BetterSqlite3.Database, file: string, plan: readonly CopyTable[]): void {
  const names = sqlite
    .prepare<[], { name: string }>("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations'")
    .all()
    .map((row) => row.name);
  const planned = new Set(plan.map((table) => table.name));
  const stray = names.filter((name) => !planned.has(name));
  if (stray.length > 0) throw new CopyRefused("--from", `${file} has table(s) the schema does not know, which the copy would leave behind: ${stray.join(", ")}`);
  for (const table of plan) {
    const present = new Set(sqlite.prepare<[string], { name: string }>("select name from pragma_table_info(?)").all(table.name).map((row) => row.name));
    const absent = table.columns.filter((column) => !present.has(column.name)).map((column) => column.name);
    if (absent.length > 0) throw new CopyRefused("--from", `${file}: ${present.size === 0 ? `no table ${table.name}` : `${table.name} lacks column(s) ${absent.join(", ")}`}`);
  }
}
