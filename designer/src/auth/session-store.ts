import { create } from "zustand";
import { api } from "../api/api-client";

export interface Me {
  kind: "user" | "api_key";
  id: string;
  name: string;
  role: "admin" | "agent";
}

function isMe(value: unknown): value is Me {
  return (
    typeof value === "object" &&
    value !== null &&
    "id" in value &&
    "name" in value &&
    "role" in value &&
    (value.role === "admin" || value.role === "agent")
  );
}

interface SessionState {
  /** undefined while loading; null when signed out. */
  me: Me | null | undefined;
  load(): Promise<void>;
  login(email: string, password: string): Promise<void>;
  setup(input: { token: string; email: string; name: string; password: string }): Promise<void>;
  logout(): Promise<void>;
}

/** Who is signed in. */
export const useSession = create<SessionState>((set) => ({
  me: undefined,
  load: async () => {
    const session = await api("GET", "/auth/session");
    const me = typeof session === "object" && session !== null && "me" in session ? session.me : null;
    set({ me: isMe(me) ? me : null });
  },
  login: async (email, password) => {
    const me = await api("POST", "/api/auth/login", { email, password });
    set({ me: isMe(me) ? me : null });
  },
  setup: async (input) => {
    const me = await api("POST", "/api/auth/setup", input);
    set({ me: isMe(me) ? me : null });
  },
  logout: async () => {
    await api("POST", "/api/auth/logout");
    set({ me: null });
  },
}));
