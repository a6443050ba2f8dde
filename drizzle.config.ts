import { defineConfig } from "drizzle-kit";

/** `npx drizzle-kit generate` reads the schema and writes SQL migrations; no database needed. */
export default defineConfig({
  dialect: "sqlite",
  schema: "./drizzle/schema.ts",
  out: "./drizzle/migrations",
});
