import { randomBytes } from "node:crypto";
import type { Store } from "../store/open-store";

export const DEMO_AGENT_EMAIL = "agent@example.com";
/** The teams the example flows transfer to. */
export const DEMO_TEAMS = [
  { id: "sales", name: "Sales" },
  { id: "support", name: "Support" },
  { id: "billing", name: "Billing" },
] as const;

/**
 * First start: the example flows' teams and one demo agent in all of them, so a transfer has
 * somebody to ring. The agent's password is DEMO_AGENT_PASSWORD, or a random one printed once.
 */
export async function seedDemoTeam(store: Store, password?: string): Promise<string[]> {
  const notes: string[] = [];
  const created: string[] = [];
  for (const team of DEMO_TEAMS) {
    if ((await store.teams.createTeam(team)).ok) created.push(team.id);
  }
  if (created.length > 0) notes.push(`created demo teams ${created.join(", ")}`);
  if (await store.users.findByEmail(DEMO_AGENT_EMAIL)) return notes;
  const secret = password ?? randomBytes(9).toString("base64url");
  const agent = await store.users.createUser({ email: DEMO_AGENT_EMAIL, name: "Demo Agent", role: "agent", password: secret });
  if (!agent.ok) return notes;
  for (const team of DEMO_TEAMS) await store.teams.addMember(team.id, agent.value.id);
  notes.push(`created demo agent ${DEMO_AGENT_EMAIL}${password === undefined ? ` with password ${secret} (shown once)` : " (password from DEMO_AGENT_PASSWORD)"}`);
  return notes;
}
