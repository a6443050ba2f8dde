import type { Context, MiddlewareHandler } from "hono";
import type { Store } from "../../store/open-store";
import type { Role } from "../../store/users-repo";
import { ApiError } from "../api-error";
import type { AppEnv, Principal } from "../app-env";
import { sessionCookie } from "./session-cookie";

/** Finds who is calling from `Authorization: Bearer <api key>` or the login cookie. */
export async function findPrincipal(c: Context, store: Store): Promise<Principal | undefined> {
  const header = c.req.header("authorization");
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match?.[1]) return undefined;
    const key = await store.apiKeys.findApiKey(match[1]);
    return key ? { kind: "api_key", id: key.id, name: `api key ${key.name}`, role: key.role } : undefined;
  }
  const token = sessionCookie.read(c);
  if (token === undefined) return undefined;
  const found = await store.authSessions.findAuthSession(token);
  if (!found || found.user.disabledAt !== null) return undefined;
  return { kind: "user", id: found.user.id, name: found.user.email, role: found.user.role };
}

/** Every /api route but login and setup needs a principal: 401 without one. */
export function authenticate(store: Store, open: ReadonlySet<string>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (open.has(`${c.req.method} ${c.req.path}`)) return next();
    const principal = await findPrincipal(c, store);
    if (!principal) {
      throw new ApiError(401, "unauthenticated", "sign in, or send Authorization: Bearer <api key>");
    }
    c.set("principal", principal);
    return next();
  };
}

/** 403 unless the principal has one of `roles`. */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get("principal");
    if (!roles.includes(principal.role)) {
      throw new ApiError(403, "forbidden", `this needs the ${roles.join(" or ")} role; you are ${principal.role}`);
    }
    return next();
  };
}
