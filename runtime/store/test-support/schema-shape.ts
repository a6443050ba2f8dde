import BetterSqlite3 from "better-sqlite3";
import postgres from "postgres";

/**
 * A database's schema as both dialects can tell it, to compare a migrated SQLite file with a
 * migrated PostgreSQL database: per table, its columns (name, kind, not null), its indexes other
 * than the primary key's (name, unique, partial), CHECK constraint names and foreign keys.
 * Types are reduced to what the store relies on: `integer` (SQLite's integer; PostgreSQL's
 * integer, bigint or boolean), `fraction` (SQLite's real; PostgreSQL's double precision) and `text`.
 */
export type SchemaShape = Record<string, TableShape>;

export interface TableShape {
  columns: string[];
  indexes: string[];
  checks: string[];
  foreignKeys: string[];
}

const kindOf = (type: string) => (/^(integer|bigint|boolean|int)/i.test(type) ? "integer" : /^(real|double precision)$/i.test(type) ? "fraction" : type.toLowerCase());
const sorted = (items: string[]) => [...items].sort();

export function sqliteShape(file: string): SchemaShape {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const rows = (query: string, ...params: unknown[]): Record<string, unknown>[] => db.prepare(query).all(...params).filter(isRecord);
    const tables = rows("select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations' order by name");
    const shape: SchemaShape = {};
    for (const table of tables) {
      const name = String(table.name);
      const columns = rows("select name, type, \"notnull\" as nn from pragma_table_info(?)", name).map((c) => `${String(c.name)} ${kindOf(String(c.type))}${c.nn ? " not null" : ""}`);
      const indexes = rows("select name, \"unique\" as u, partial from pragma_index_list(?) where origin = 'c'", name).map((i) => `${String(i.name)}${i.u ? " unique" : ""}${i.partial ? " partial" : ""}`);
      const checks = [...String(table.sql).matchAll(/CONSTRAINT "([^"]+)" CHECK/g)].map((m) => m[1] ?? "");
      const fkRows = rows("select id, \"table\" as target, \"from\" as source, \"to\" as ref, on_delete from pragma_foreign_key_list(?) order by id, seq", name);
      const byId = new Map<number, { target: string; from: string[]; to: string[]; onDelete: string }>();
      for (const fk of fkRows) {
        const id = Number(fk.id);
        const entry = byId.get(id) ?? { target: String(fk.target), from: [], to: [], onDelete: String(fk.on_delete).toLowerCase() };
        entry.from.push(String(fk.source));
        entry.to.push(String(fk.ref));
        byId.set(id, entry);
      }
      const foreignKeys = [...byId.values()].map((fk) => `(${fk.from.join(",")}) → ${fk.target}(${fk.to.join(",")}) on delete ${fk.onDelete}`);
      shape[name] = { columns: sorted(columns), indexes: sorted(indexes), checks: sorted(checks), foreignKeys: sorted(foreignKeys) };
    }
    return shape;
  } finally {
    db.close();
  }
}

export async function postgresShape(url: string): Promise<SchemaShape> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const tables = await sql<{ name: string }[]>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`;
    const shape: SchemaShape = {};
    for (const { name } of tables) {
      const columns = await sql<{ name: string; type: string; nullable: string }[]>`
        select column_name as name, data_type as type, is_nullable as nullable from information_schema.columns
        where table_schema = 'public' and table_name = ${name}`;
      const indexes = await sql<{ name: string; unique: boolean; partial: boolean }[]>`
        select c.relname as name, i.indisunique as unique, i.indpred is not null as partial
        from pg_index i join pg_class c on c.oid = i.indexrelid
        where i.indrelid = ${`public.${name}`}::regclass and not i.indisprimary`;
      const checks = await sql<{ name: string }[]>`select conname as name from pg_constraint where conrelid = ${`public.${name}`}::regclass and contype = 'c'`;
      const fks = await sql<{ source: string[]; target: string; ref: string[]; action: string }[]>`
        select array(select attname from unnest(con.conkey) with ordinality k(n, o) join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n order by k.o)::text[] as source,
               t.relname as target,
               array(select attname from unnest(con.confkey) with ordinality k(n, o) join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n order by k.o)::text[] as ref,
               con.confdeltype as action
        from pg_constraint con join pg_class t on t.oid = con.confrelid
        where con.conrelid = ${`public.${name}`}::regclass and con.contype = 'f'`;
      const onDelete: Record<string, string> = { a: "no action", r: "restrict", c: "cascade", n: "set null", d: "set default" };
      shape[name] = {
        columns: sorted(columns.map((c) => `${c.name} ${kindOf(c.type)}${c.nullable === "NO" ? " not null" : ""}`)),
        indexes: sorted(indexes.map((i) => `${i.name}${i.unique ? " unique" : ""}${i.partial ? " partial" : ""}`)),
        checks: sorted(checks.map((c) => c.name)),
        foreignKeys: sorted(fks.map((fk) => `(${fk.source.join(",")}) → ${fk.target}(${fk.ref.join(",")}) on delete ${onDelete[fk.action] ?? fk.action}`)),
      };
    }
    return shape;
  } finally {
    await sql.end();
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
