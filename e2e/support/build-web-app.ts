import { build } from "vite";

/**
 * vitest globalSetup: build the web app and the web chat widget once, so the runtime serves what the browser tests load.
 * `SKIP_WEB_BUILD=1` skips it for runs without browser tests (several runs in one work tree must
 * not rebuild dist/designer under each other).
 */
export default async function buildWebApp(): Promise<void> {
  if (process.env.SKIP_WEB_BUILD === "1") return;
  await build({ configFile: new URL("../../vite.config.ts", import.meta.url).pathname, logLevel: "warn" });
  // The web chat widget (dist/designer/widget.js), after the app: the app's build empties dist/designer.
  await build({ configFile: new URL("../../vite.widget.config.ts", import.meta.url).pathname, logLevel: "warn" });
}
