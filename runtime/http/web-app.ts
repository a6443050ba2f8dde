import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Hono } from "hono";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

/** The paths the browser app owns: each answers its index.html (the app routes on the client). */
export const APP_PATHS = ["/", "/login", "/setup", "/designer", "/designer/*", "/dashboard", "/console", "/console/*", "/settings", "/settings/*"];

/**
 * Serves the built React app (`vite build` → dist/designer): hashed assets cached for a year,
 * index.html for every app path. Without a build, app paths answer 503 saying how to build it.
 */
export function serveWebApp<E extends { Variables: object }>(app: Hono<E>, staticDir: string): void {
  const dir = isAbsolute(staticDir) ? staticDir : resolve(REPO, staticDir);
  const indexFile = join(dir, "index.html");
  app.use(
    "/assets/*",
    serveStatic({
      root: relative(process.cwd(), dir) || ".",
      onFound: (_path, c) => {
        c.header("cache-control", "public, max-age=31536000, immutable");
      },
    }),
  );
  for (const path of APP_PATHS) {
    app.get(path, (c) => {
      if (!existsSync(indexFile)) return c.text("The web app is not built yet: run `npm run build` (npm start does it).", 503);
      c.header("cache-control", "no-cache");
      return c.html(readFileSync(indexFile, "utf8"));
    });
  }
}
