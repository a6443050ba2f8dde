import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Debian's chromium, installed on demand: as root with apt available the test setup installs it;
 * otherwise it stops with one line saying how.
 */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot && existsSync("/usr/bin/apt-get")) {
    execFileSync("apt-get", ["update", "-qq"], { stdio: "ignore" });
    execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "ignore", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    if (existsSync(CHROMIUM)) return CHROMIUM;
  }
  throw new Error(`Chromium is missing at ${CHROMIUM}: install Debian's package with \`sudo apt-get install chromium\` (or set CHROMIUM_PATH).`);
}
