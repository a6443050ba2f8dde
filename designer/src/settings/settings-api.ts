import { z } from "zod";
import { api } from "../api/api-client";
import { ApiKey, IssuedApiKey, type Role, Team, type TeamCallSettings, TeamRouting, User } from "./settings-schemas";

const at = (base: string, id: string) => `${base}/${encodeURIComponent(id)}`;

/** The admin API behind the Settings screens: users, teams (and their routing), API keys. */
export const settingsApi = {
  listUsers: async () => z.array(User).parse(await api("GET", "/api/users")),
  createUser: async (input: { email: string; name: string; role: Role; password: string }) => User.parse(await api("POST", "/api/users", input)),
  updateUser: async (id: string, change: { role?: Role; disabled?: boolean }) => User.parse(await api("PATCH", at("/api/users", id), change)),
  resetPassword: async (id: string, password: string) => {
    await api("PUT", `${at("/api/users", id)}/password`, { password });
  },

  listTeams: async () => z.array(Team).parse(await api("GET", "/api/teams")),
  createTeam: async (input: { id: string; name: string }) => Team.parse(await api("POST", "/api/teams", input)),
  addMember: async (teamId: string, userId: string) => Team.parse(await api("POST", `${at("/api/teams", teamId)}/members`, { userId })),
  removeMember: async (teamId: string, userId: string) => {
    await api("DELETE", `${at("/api/teams", teamId)}/members/${encodeURIComponent(userId)}`);
  },
  updateTeam: async (teamId: string, change: Partial<TeamCallSettings>) => Team.parse(await api("PATCH", at("/api/teams", teamId), change)),
  setRouting: async (teamId: string, routing: TeamRouting) =>
    TeamRouting.parse(await api("PUT", `/api/conversations/teams/${encodeURIComponent(teamId)}/routing`, routing)),

  listApiKeys: async () => z.array(ApiKey).parse(await api("GET", "/api/api-keys")),
  issueApiKey: async (input: { name: string; role: Role }) => IssuedApiKey.parse(await api("POST", "/api/api-keys", input)),
  revokeApiKey: async (id: string) => {
    await api("DELETE", at("/api/api-keys", id));
  },
};
