/**
 * `node --import ./runtime/store/postgres-condition.mjs` (the `start` and `dev` scripts): when
 * `DATABASE_URL` names PostgreSQL, every module of this process resolves under the
 * `switchboard-postgres` import condition, so `#dialect` is pg-core and `#store-dialect` is
 * postgres.js (drizzle/README.md). Otherwise it does nothing: the default build is SQLite's.
 * Plain JavaScript so it runs before any TypeScript loader.
 */
import { register } from "node:module";

const url = process.env.DATABASE_URL?.trim() ?? "";
if (/^postgres(ql)?:\/\//i.test(url)) register("./postgres-condition-hooks.mjs", import.meta.url);
