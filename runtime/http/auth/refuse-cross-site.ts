import type { MiddlewareHandler } from "hono";
import { ApiError } from "../api-error";
import type { AppOrigins } from "./app-origins";

/** The methods that change state (and may be sent by a form or a page elsewhere). */
export const CHANGES_STATE: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Refuses (403 `cross_site_request`) requests that change state and may ride on the sign-in
 * cookie when they do not come from the app's own pages (`AppOrigins.refusal`): sign-in, setup and
 * sign-out included (a forged sign-in would put the victim in the attacker's account). A request
 * with an `Authorization` header is not affected: the cookie is then ignored, and a browser adds
 * that header only when a script of the page asks (cross-origin, only after a CORS preflight this
 * server never grants).
 */
export function refuseCrossSite(origins: AppOrigins): MiddlewareHandler {
  return async (c, next) => {
    if (!CHANGES_STATE.has(c.req.method) || c.req.header("authorization") !== undefined) return next();
    const refusal = origins.refusal(c);
    if (refusal !== undefined) throw new ApiError(403, "cross_site_request", refusal);
    return next();
  };
}
