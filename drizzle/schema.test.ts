import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const committed = join(root, "drizzle", "migrations");
const scratch = mkdtempSync(join(tmpdir(), "switchboard-drift-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

describe("drizzle/schema.ts", () => {
  it("matches the committed migrations (run `npx drizzle-kit generate` after changing it)", async () => {
    const copy = join(scratch, "migrations");
    cpSync(committed, copy, { recursive: true });
    const kit = join(root, "node_modules", ".bin", "drizzle-kit");
    // drizzle-kit prefixes --out with "./", so it must be relative to the working directory.
    const { stdout } = await promisify(execFile)(kit, ["generate", "--dialect", "sqlite", "--schema", "./drizzle/schema.ts", "--out", relative(root, copy)], {
      cwd: root,
      timeout: 60_000,
    });
    expect(stdout).toContain("No schema changes");
    expect(listFiles(copy)).toEqual(listFiles(committed));
  }, 60_000);
});
