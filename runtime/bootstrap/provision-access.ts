import { randomBytes } from "node:crypto";
import type { RuntimeConfig } from "../config";
import type { Store } from "../store/open-store";

export interface Access {
  /** A one-time token to create the first admin, when nobody can sign in yet (the server prints the link). */
  setupToken: string | undefined;
  /** Lines worth printing once (never secrets given in the environment). */
  notes: string[];
}

/**
 * Who can get in on this start: SWITCHBOARD_API_KEY becomes an admin API key, ADMIN_EMAIL and
 * ADMIN_PASSWORD the first admin; with neither and no user yet, a one-time setup link.
 */
export async function provisionAccess(store: Store, config: RuntimeConfig): Promise<Access> {
  const notes: string[] = [];
  if (config.apiKey !== undefined && !(await store.apiKeys.findApiKey(config.apiKey))) {
    await store.apiKeys.createApiKey({ name: "SWITCHBOARD_API_KEY", role: "admin", createdBy: null, key: config.apiKey });
    notes.push("created an admin API key from SWITCHBOARD_API_KEY");
  }
  if (config.adminEmail !== undefined && config.adminPassword !== undefined && !(await store.users.findByEmail(config.adminEmail))) {
    const created = await store.users.createUser({ email: config.adminEmail, name: "Admin", role: "admin", password: config.adminPassword });
    if (created.ok) notes.push(`created admin ${created.value.email} from ADMIN_EMAIL`);
  }
  const admins = (await store.users.listUsers()).filter((user) => user.role === "admin" && user.disabledAt === null);
  if (admins.length > 0 || config.apiKey !== undefined) return { setupToken: undefined, notes };
  return { setupToken: randomBytes(24).toString("base64url"), notes };
}
