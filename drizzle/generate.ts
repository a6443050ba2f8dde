/**
 * `npm run db:generate [-- --name what_changed]`: drizzle-kit generates the migrations of both
 * dialects from `drizzle/schema.ts`: SQLite's into drizzle/migrations/, then PostgreSQL's into
 * drizzle/postgres-migrations/ with `#dialect` resolved under the `switchboard-postgres` condition.
 * `npm run db:check` passes `check` instead (`--check`).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const kit = fileURLToPath(new URL("../node_modules/drizzle-kit/bin.cjs", import.meta.url));
const [first, ...rest] = process.argv.slice(2);
const command = first === "--check" ? "check" : "generate";
const extra = first === "--check" ? rest : process.argv.slice(2);

const runs = [
  { label: "SQLite", node: [], config: "drizzle.config.ts" },
  { label: "PostgreSQL", node: ["--conditions=switchboard-postgres"], config: "drizzle.postgres.config.ts" },
];
for (const run of runs) {
  console.log(`== ${run.label} (${run.config})`);
  const result = spawnSync(process.execPath, [...run.node, kit, command, "--config", run.config, ...extra], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
