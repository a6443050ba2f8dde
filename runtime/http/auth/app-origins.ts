import type { Context } from "hono";

/**
 * The origins the app's own pages are served from: `PUBLIC_URL`'s, the `ALLOWED_APP_ORIGINS`,
 * and the origin the request itself was sent to (its Host; what a browser shows for the pages it
 * loaded from this server, e.g. `http://localhost:3000` beside a `PUBLIC_URL` of 127.0.0.1). A
 * browser only attaches the login cookie to requests for this server's host, so another site
 * cannot make that last one its own.
 */
export class AppOrigins {
  private readonly listed: ReadonlySet<string>;

  constructor(publicUrl: string, allowed: readonly string[] = []) {
    this.listed = new Set([publicUrl, ...allowed].map((url) => new URL(url).origin));
  }

  /** Whether `origin` (an Origin header) is one of the app's. */
  allows(origin: string, c: Context): boolean {
    return this.listed.has(origin) || origin === ownOrigin(c);
  }

  /**
   * Why a browser request is not from the app's own pages, or undefined when it may be. By
   * `Origin`; without it by `Sec-Fetch-Site` (cross-site or same-site are refused). With neither,
   * the request is not from a browser (browsers send Origin with every cross-origin POST, PUT,
   * PATCH, DELETE and WebSocket upgrade), so it cannot be a forged one: undefined.
   */
  refusal(c: Context): string | undefined {
    const origin = c.req.header("origin");
    if (origin !== undefined) {
      if (this.allows(origin, c)) return undefined;
      return `Origin ${origin} is not this app's (${[...new Set([...this.listed, ownOrigin(c)])].join(", ")}); add it to ALLOWED_APP_ORIGINS if the app is served from there`;
    }
    const site = c.req.header("sec-fetch-site");
    if (site === "cross-site" || site === "same-site") return `a ${site} request (Sec-Fetch-Site) may not use this app's sign-in cookie`;
    return undefined;
  }
}

/**
 * The origin a request was sent to, as this server sees it: the scheme of the connection and the
 * Host header (read as it is: a WebSocket upgrade reaches the app with a placeholder URL host).
 */
function ownOrigin(c: Context): string | undefined {
  try {
    const url = new URL(c.req.url);
    const host = c.req.header("host");
    return host === undefined ? url.origin : new URL(`${url.protocol}//${host}`).origin;
  } catch {
    return undefined;
  }
}
