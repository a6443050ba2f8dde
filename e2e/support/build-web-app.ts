import { build } from "vite";

/** vitest globalSetup: build the web app once, so the runtime serves what the browser tests load. */
export default async function buildWebApp(): Promise<void> {
  await build({ configFile: new URL("../../vite.config.ts", import.meta.url).pathname, logLevel: "warn" });
}
