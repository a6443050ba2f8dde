import { defineConfig } from "drizzle-kit";

/**
 * The PostgreSQL migrations, from the same `drizzle/schema.ts` under the `switchboard-postgres`
 * import condition: `npm run db:generate` runs drizzle-kit with `--conditions=switchboard-postgres`.
 */
export default defineConfig({
  dialect: "postgresql",
  schema: "./drizzle/schema.ts",
  out: "./drizzle/postgres-migrations",
});
