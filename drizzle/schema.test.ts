import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "switchboard-drift-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

const dialects = [
  { dialect: "sqlite", folder: "migrations", node: [] },
  // `#dialect` resolves to pg-core only under this condition (drizzle/README.md).
  { dialect: "postgresql", folder: "postgres-migrations", node: ["--conditions=switchboard-postgres"] },
] as const;

describe("drizzle/schema.ts", () => {
  for (const { dialect, folder, node } of dialects) {
    it(`matches the committed ${dialect} migrations in drizzle/${folder} (run \`npm run db:generate\` after changing it)`, async () => {
      const committed = join(root, "drizzle", folder);
      const copy = join(scratch, folder);
      cpSync(committed, copy, { recursive: true });
      const kit = join(root, "node_modules", "drizzle-kit", "bin.cjs");
      // drizzle-kit prefixes --out with "./", so it must be relative to the working directory.
      const args = [...node, kit, "generate", "--dialect", dialect, "--schema", "./drizzle/schema.ts", "--out", relative(root, copy)];
      const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: root, timeout: 60_000 });
      expect(stdout).toContain("No schema changes");
      expect(listFiles(copy)).toEqual(listFiles(committed));
      for (const file of listFiles(committed)) expect(readFileSync(join(copy, file), "utf8"), file).toBe(readFileSync(join(committed, file), "utf8"));
    }, 60_000);
  }
});
