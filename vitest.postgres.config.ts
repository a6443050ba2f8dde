import { existsSync, readdirSync } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

/**
 * Test files written once for both databases (`openTestDatabase` / `openTestRepos` of
 * runtime/store/test-support): the `sqlite` project runs them on SQLite, this one again on
 * PostgreSQL. Add a repository's test file here once the repository is written against
 * `#store-dialect` (runtime/store/README.md).
 */
export const BOTH_DIALECTS = [
  "runtime/store/dialect/store-dialect.test.ts",
  "runtime/store/users-repo.test.ts",
  "runtime/store/api-keys-repo.test.ts",
  "runtime/store/api-key-cache.test.ts",
  "runtime/store/auth-sessions-repo.test.ts",
  "runtime/store/teams-repo.test.ts",
  "runtime/store/channels-repo.test.ts",
  "runtime/store/audio-repo.test.ts",
  "runtime/store/transcription-providers-repo.test.ts",
  "runtime/store/ai-providers-repo.test.ts",
  "runtime/store/agent-states-repo.test.ts",
  "runtime/store/flows-repo.test.ts",
  "runtime/store/calls-repo.test.ts",
  "runtime/store/conversation-offers-repo.test.ts",
  "runtime/store/conversation-insights-repo.test.ts",
  "runtime/store/conversation-messages-repo.test.ts",
  "runtime/store/conversations-repo.test.ts",
  "runtime/store/inbound-repo.test.ts",
  "runtime/store/inbound-retention.test.ts",
  "runtime/channels/webchat/webchat-repo.test.ts",
  "runtime/store/sessions-repo.test.ts",
  "runtime/store/session-visibility.test.ts",
  "runtime/store/timers-repo.test.ts",
  "runtime/store/session-recordings-repo.test.ts",
  "runtime/store/analytics/analytics.test.ts",
];

/**
 * The tests of the PostgreSQL build (`npm run test:postgres`; a project of vite.config.ts, so part of `npm test`): every
 * `*.pg.test.ts` and the files of `BOTH_DIALECTS`, with `#dialect` and `#store-dialect` resolved
 * under the `switchboard-postgres` condition so `drizzle/schema.ts` is pg-core (drizzle/README.md).
 * They start a throwaway cluster (runtime/store/test-support/postgres-cluster.ts); where PostgreSQL
 * is missing the `*.pg.test.ts` skip loudly and `BOTH_DIALECTS` run on SQLite only (CI=true: they run and fail).
 */
const postgresHere = process.env.CI === "true" || hasPgCtl();

/** Whether `pg_ctl` is where `findPostgresBinaries` (test-support/postgres-cluster.ts) looks. */
function hasPgCtl(debian = "/usr/lib/postgresql"): boolean {
  const versions = existsSync(debian) ? readdirSync(debian).map((version) => join(debian, version, "bin")) : [];
  const folders = [process.env.PG_BIN ?? "", ...versions, ...(process.env.PATH ?? "").split(delimiter)].filter(Boolean);
  return folders.some((folder) => existsSync(join(folder, "pg_ctl")));
}

export default defineConfig({
  ssr: { resolve: { conditions: ["switchboard-postgres", ...defaultServerConditions] } },
  test: {
    name: "postgres",
    root: fileURLToPath(new URL(".", import.meta.url)),
    include: ["{runtime,drizzle}/**/*.pg.test.ts", ...(postgresHere ? BOTH_DIALECTS : [])],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
