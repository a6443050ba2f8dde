import type { Context } from "hono";
import type { Actor } from "../rooms/room-access";
import type { AppEnv } from "./app-env";

/** The principal as the rooms' and calls' access rules see it (an API key is no user). */
export function principalActor(c: Context<AppEnv>): Actor {
  const principal = c.get("principal");
  return { userId: principal.kind === "user" ? principal.id : null, name: principal.name, role: principal.role };
}
