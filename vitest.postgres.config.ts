import { fileURLToPath } from "node:url";
import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

/**
 * The tests of the PostgreSQL build (`npm run test:postgres`; a project of vite.config.ts, so part of `npm test`): every
 * `*.pg.test.ts`, with `#dialect` resolved under the `switchboard-postgres` condition so
 * `drizzle/schema.ts` is pg-core (drizzle/README.md). They start a throwaway cluster
 * (runtime/store/test-support/postgres-cluster.ts) and skip, loudly, where PostgreSQL is missing.
 */
export default defineConfig({
  ssr: { resolve: { conditions: ["switchboard-postgres", ...defaultServerConditions] } },
  test: {
    name: "postgres",
    root: fileURLToPath(new URL(".", import.meta.url)),
    include: ["{runtime,drizzle}/**/*.pg.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
