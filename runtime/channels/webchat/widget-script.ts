import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Hono } from "hono";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));

/** The widget's URL: `<script src="{PUBLIC_URL}/widget.js" data-channel="…">`. */
export const WIDGET_PATH = "/widget.js";

/** Five minutes: the URL has no version in it, so a new build must reach pages soon. */
const CACHE_CONTROL = "public, max-age=300";

interface Loaded {
  mtimeMs: number;
  body: string;
  etag: string;
}

/**
 * Serves the built widget (`designer/widget` → `<staticDir>/widget.js`, one self-contained IIFE) at
 * `/widget.js`: cached for 5 minutes, revalidated with an ETag, loadable from any origin. Re-read
 * when the file changes. Without a build it answers 503 saying how to build it.
 */
export function serveWidgetScript<E extends { Variables: object }>(app: Hono<E>, staticDir: string): void {
  const file = join(isAbsolute(staticDir) ? staticDir : resolve(REPO, staticDir), "widget.js");
  let loaded: Loaded | undefined;
  const load = (): Loaded | undefined => {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      return undefined;
    }
    if (loaded?.mtimeMs !== mtimeMs) {
      const body = readFileSync(file, "utf8");
      loaded = { mtimeMs, body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"` };
    }
    return loaded;
  };
  app.get(WIDGET_PATH, (c) => {
    const script = load();
    if (script === undefined) return c.text("// The web chat widget is not built yet: run `npm run build` (npm start does it).", 503, { "content-type": "text/javascript; charset=utf-8" });
    c.header("cache-control", CACHE_CONTROL);
    c.header("etag", script.etag);
    c.header("cross-origin-resource-policy", "cross-origin");
    c.header("access-control-allow-origin", "*");
    if (c.req.header("if-none-match") === script.etag) return c.body(null, 304);
    return c.body(script.body, 200, { "content-type": "text/javascript; charset=utf-8" });
  });
}
