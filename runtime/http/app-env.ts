import type { Role } from "../store/users-repo";

/** Who is calling: a signed-in user or an API key. */
export interface Principal {
  kind: "user" | "api_key";
  id: string;
  name: string;
  role: Role;
}

/** Hono's environment for the API: the principal set by the auth middleware. */
export interface AppEnv {
  Variables: {
    principal: Principal;
  };
}
