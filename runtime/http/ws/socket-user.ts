import type { Context, MiddlewareHandler } from "hono";
import { ApiError } from "../api-error";
import type { AppEnv } from "../app-env";
import type { AppOrigins } from "../auth/app-origins";
import type { Store } from "../../store/open-store";
import { sessionCookie } from "../auth/session-cookie";

/**
 * The signed-in user of a socket: the login cookie (browsers send it with the upgrade), or the
 * same login token as `?token=` (clients that cannot set cookies). API keys are refused: a socket
 * is an agent's presence, and an API key is not an agent.
 */
export async function socketUser(c: Context, store: Store) {
  const token = sessionCookie.read(c) ?? c.req.query("token");
  if (token === undefined || token === "") return undefined;
  const found = await store.authSessions.findAuthSession(token);
  return found === undefined || found.user.disabledAt !== null ? undefined : found.user;
}


/**
 * Before a socket's upgrade: an Origin that is not one of the app's is refused (403) before the
 * cookie is read, so a page elsewhere cannot open a user's socket; then the signed-in user (401
 * without one; 403 when `roles` does not include theirs) becomes the request's principal.
 */
export function socketGuard(store: Store, origins: AppOrigins, roles: ReadonlyArray<"admin" | "agent"> = ["admin", "agent"]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header("origin");
    if (origin !== undefined && !origins.allows(origin, c)) {
      return c.json(new ApiError(403, "origin_not_allowed", `the page's origin ${origin} is not this app's; add it to ALLOWED_APP_ORIGINS if the console is served from there`).body(), 403);
    }
    const user = await socketUser(c, store);
    if (user === undefined) return c.json(new ApiError(401, "unauthenticated", "sign in first (cookie), or pass your login token as ?token=").body(), 401);
    if (!roles.includes(user.role)) return c.json(new ApiError(403, "forbidden", `this socket is for ${roles.join(" and ")}s`).body(), 403);
    c.set("principal", { kind: "user", id: user.id, name: user.email, role: user.role });
    return next();
  };
}
