import { createHmac } from "node:crypto";
import { z } from "zod";

/** `stun:`/`turn:` URL (RFC 7064/7065): host, optional port, optional `?transport=udp|tcp`. */
const ICE_URL = /^(stun|stuns|turn|turns):(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.\-]+)(?::(\d{1,5}))?(?:\?transport=(udp|tcp))?$/;

const IceUrl = z.string().regex(ICE_URL, "must be stun:, stuns:, turn: or turns: followed by host[:port] and at most ?transport=udp|tcp");
const Urls = z.union([IceUrl, z.array(IceUrl).min(1)]);
const isTurn = (urls: string | string[]) => (typeof urls === "string" ? [urls] : urls).some((url) => url.startsWith("turn"));

/**
 * One entry of ICE_SERVERS: STUN (`urls` only), TURN with fixed `username`/`credential`, or TURN with
 * coturn's `use-auth-secret` (TURN REST API: `secret`, `ttlSeconds`), for which browsers get
 * credentials derived from the secret, never the secret.
 */
export const IceServerEntry = z
  .object({
    urls: Urls,
    username: z.string().min(1).optional(),
    credential: z.string().min(1).optional(),
    secret: z.string().min(1).optional(),
    ttlSeconds: z.number().int().min(60).max(7 * 86_400).optional(),
  })
  .strict()
  .superRefine((server, context) => {
    if (server.secret !== undefined && (server.username !== undefined || server.credential !== undefined))
      context.addIssue({ code: "custom", path: ["secret"], message: "give either secret (time-limited credentials) or username and credential, not both" });
    if (server.ttlSeconds !== undefined && server.secret === undefined) context.addIssue({ code: "custom", path: ["ttlSeconds"], message: "ttlSeconds goes with secret" });
    if (server.secret === undefined && isTurn(server.urls) && (server.username === undefined || server.credential === undefined))
      context.addIssue({ code: "custom", path: ["urls"], message: "a TURN server needs username and credential, or secret for time-limited credentials" });
  });
export type IceServerEntry = z.infer<typeof IceServerEntry>;
/** Default lifetime of time-limited TURN credentials. */
export const DEFAULT_TURN_TTL_SECONDS = 3600;
export const IceServerEntries = z.array(IceServerEntry).max(8);

/** An RTCIceServer as a browser (and our transport) takes it. */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** Reads ICE_SERVERS (a JSON array); unset or blank is no servers. Throws a message naming the variable and the entry. */
export function parseIceServers(json: string | undefined, variable = "ICE_SERVERS"): IceServerEntry[] {
  if (json === undefined || json.trim() === "") return [];
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error(`configuration: ${variable}: must be a JSON array like [{"urls":"stun:stun.example.com:3478"}]`);
  }
  const parsed = IceServerEntries.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = (issue?.path ?? []).map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("");
    throw new Error(`configuration: ${variable}${where}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

/**
 * coturn's `use-auth-secret` credentials: username `<expiry unix seconds>:<userId>`, credential
 * base64(HMAC-SHA1(secret, username)). Valid until `now + ttlSeconds`.
 */
export function turnCredentials(secret: string, userId: string, ttlSeconds: number, now: number = Date.now()): { username: string; credential: string; expiresAt: number } {
  if (userId === "" || userId.includes(":")) throw new Error("a TURN user id must be non-empty and must not contain ':'");
  const expiresAt = Math.floor(now / 1000) + Math.floor(ttlSeconds);
  const username = `${expiresAt}:${userId}`;
  const credential = createHmac("sha1", secret).update(username).digest("base64");
  return { username, credential, expiresAt };
}

/** What a browser (or one of our legs) receives: secret entries turned into short-lived credentials for `userId`. */
export function iceServersForClient(entries: readonly IceServerEntry[], userId: string, now: number = Date.now()): IceServer[] {
  return entries.map((entry) => {
    if (entry.secret !== undefined) {
      const { username, credential } = turnCredentials(entry.secret, userId, entry.ttlSeconds ?? DEFAULT_TURN_TTL_SECONDS, now);
      return { urls: entry.urls, username, credential };
    }
    return { urls: entry.urls, ...(entry.username ? { username: entry.username } : {}), ...(entry.credential ? { credential: entry.credential } : {}) };
  });
}

/** One parsed URL of an IceServer. */
export interface IceUrlParts {
  scheme: "stun" | "stuns" | "turn" | "turns";
  host: string;
  port: number;
  transport: "udp" | "tcp" | undefined;
}

export function parseIceUrl(url: string): IceUrlParts | undefined {
  const match = ICE_URL.exec(url);
  const scheme = match?.[1];
  if (!match || (scheme !== "stun" && scheme !== "stuns" && scheme !== "turn" && scheme !== "turns")) return undefined;
  const host = (match[2] ?? "").replace(/^\[|\]$/g, "");
  const port = match[3] === undefined ? (scheme === "stuns" || scheme === "turns" ? 5349 : 3478) : Number(match[3]);
  const transport = match[4] === "udp" || match[4] === "tcp" ? match[4] : undefined;
  return { scheme, host, port, transport };
}
