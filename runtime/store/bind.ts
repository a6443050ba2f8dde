import { type SQL, sql } from "drizzle-orm";

/**
 * A named parameter of a prepared query (`sql.placeholder`), as SQL so it also fits where drizzle
 * types accept only values or SQL (`update().set()`). Its value is given when the query runs.
 */
export function bind(name: string): SQL {
  return sql`${sql.placeholder(name)}`;
}
