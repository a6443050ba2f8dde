import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Store } from "../../store/open-store";
import { ApiError, errorResponses, fromStoreError } from "../api-error";
import type { AppEnv } from "../app-env";
import { SESSION_TTL_MS, sessionCookie } from "../auth/session-cookie";
import type { SecretCheck, SigninThrottle } from "../throttle/signin-throttle";
import { PasswordWorkBusy } from "../../store/password";
import { jsonBody, jsonResponse } from "../openapi-content";
import { validationHook } from "../validation-hook";

export const Me = z
  .object({
    kind: z.enum(["user", "api_key"]),
    id: z.string(),
    name: z.string().describe("Email of a user, or the API key's name"),
    role: z.enum(["admin", "agent"]),
  })
  .meta({ id: "Me" });

export interface AuthRoutesDeps {
  store: Store;
  /** Whether the login cookie is marked Secure (PUBLIC_URL is https). */
  secureCookies: boolean;
  /** The one-time setup token printed at first start, while no user exists. */
  setupToken: () => string | undefined;
  onSetupDone: () => void;
  /** Delays password and setup-token guessing (429 before anything is hashed). */
  throttle: SigninThrottle;
}

const Credentials = z.object({
  email: z.string().email().max(200),
  password: z.string().min(1).max(200),
});

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Runs `check` as the admitted attempt; one that never finished (e.g. the server was too busy to hash) is not counted. */
async function checked<T>(throttle: SigninThrottle, attempt: SecretCheck, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    attempt.cancel();
    // Too busy to check (503): held like a 429, so a flood does not loop on it either.
    if (error instanceof PasswordWorkBusy) await throttle.holdRefusal(error.retryAfterMs);
    throw error;
  }
}

/** Login, logout, who am I, and the first-start setup of the first admin. */
export function authRoutes(deps: AuthRoutesDeps): OpenAPIHono<AppEnv> {
  const { store } = deps;
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: "post",
      path: "/login",
      tags: ["auth"],
      summary: "Sign in with email and password; sets an HTTP-only session cookie",
      description:
        "After a few failures for one account or from one client address, attempts wait: 429 `too_many_attempts` with Retry-After (seconds), before the password is checked; the delay doubles with each further failure. 503 `busy` with Retry-After when too many passwords are being checked at once.",
      request: { body: jsonBody(Credentials) },
      responses: { 200: jsonResponse(Me, "Signed in"), ...errorResponses(400, 401, 403, 415, 429, 503) },
    }),
    async (c) => {
      const { email, password } = c.req.valid("json");
      const attempt = await deps.throttle.admit(c, { kind: "sign-in", email });
      const user = await checked(deps.throttle, attempt, () => store.users.authenticate(email, password));
      if (!user || user.disabledAt !== null) {
        attempt.failed();
        throw new ApiError(401, "invalid_credentials", "wrong email or password");
      }
      attempt.succeeded();
      const { token, expiresAt } = await store.authSessions.createAuthSession(user.id, SESSION_TTL_MS);
      sessionCookie.write(c, token, expiresAt, deps.secureCookies);
      return c.json({ kind: "user" as const, id: user.id, name: user.email, role: user.role }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/logout",
      tags: ["auth"],
      summary: "Sign out",
      responses: { 204: { description: "Signed out" } },
    }),
    async (c) => {
      const token = sessionCookie.read(c);
      if (token !== undefined) await store.authSessions.deleteAuthSession(token);
      sessionCookie.clear(c);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: "/me", tags: ["auth"], summary: "Who is calling", responses: { 200: jsonResponse(Me, "The principal"), ...errorResponses(401) } }),
    async (c) => c.json(c.get("principal"), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/setup",
      tags: ["auth"],
      summary: "First start: create the first admin with the one-time token the server printed",
      request: {
        body: {
          required: true,
          content: { "application/json": { schema: Credentials.extend({ token: z.string().min(1), name: z.string().min(1).max(200), password: z.string().min(8).max(200) }) } },
        },
      },
      responses: { 201: jsonResponse(Me, "The first admin, signed in"), ...errorResponses(400, 403, 409, 415, 429, 503) },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const expected = deps.setupToken();
      // Only an admin who can sign in closes setup: the demo agent seeded on first start does not.
      const admins = (await store.users.listUsers()).filter((user) => user.role === "admin" && user.disabledAt === null);
      if (expected === undefined || admins.length > 0) {
        throw new ApiError(409, "already_set_up", "an admin exists already; sign in instead");
      }
      const attempt = await deps.throttle.admit(c, { kind: "setup token" });
      if (!sameSecret(body.token, expected)) {
        attempt.failed();
        throw new ApiError(403, "invalid_setup_token", "body.token: this is not the setup token the server printed");
      }
      attempt.succeeded();
      const created = await store.users.createUser({ email: body.email, name: body.name, role: "admin", password: body.password });
      if (!created.ok) throw fromStoreError(created.error);
      deps.onSetupDone();
      const { token, expiresAt } = await store.authSessions.createAuthSession(created.value.id, SESSION_TTL_MS);
      sessionCookie.write(c, token, expiresAt, deps.secureCookies);
      return c.json({ kind: "user" as const, id: created.value.id, name: created.value.email, role: created.value.role }, 201);
    },
  );

  return app;
}
