import { type ChannelType, SECRET_FIELDS } from "./channel-config";

/** What a masked secret starts with. A value sent back starting with it means "keep the stored one". */
export const MASK = "••••••";

/** `••••••1234`: the last 4 characters of a secret of at least 12, nothing of a shorter one. */
export function maskSecret(secret: string): string {
  return secret.length >= 12 ? `${MASK}${secret.slice(-4)}` : MASK;
}

/** The credentials as the API shows them: secret fields masked, identifiers (account SID…) as they are. */
export function maskCredentials(type: ChannelType, credentials: Readonly<Record<string, unknown>>): Record<string, string> {
  const secrets = SECRET_FIELDS[type];
  const shown: Record<string, string> = {};
  for (const [field, value] of Object.entries(credentials)) {
    if (typeof value !== "string") continue;
    shown[field] = secrets.includes(field) ? maskSecret(value) : value;
  }
  return shown;
}

/**
 * Credentials sent with an update, with every masked secret (a value starting with `MASK`)
 * replaced by the stored one. A masked value with nothing stored stays as it is, so validation
 * names the field.
 */
export function keepMaskedSecrets(type: ChannelType, incoming: unknown, stored: Readonly<Record<string, unknown>>): unknown {
  if (typeof incoming !== "object" || incoming === null || Array.isArray(incoming)) return incoming;
  const secrets = SECRET_FIELDS[type];
  const merged: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(incoming)) {
    const kept = stored[field];
    const masked = secrets.includes(field) && typeof value === "string" && value.startsWith(MASK);
    merged[field] = masked && typeof kept === "string" ? kept : value;
  }
  return merged;
}
