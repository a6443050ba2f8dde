import { z } from "zod";

export const Role = z.enum(["admin", "agent"]);
export type Role = z.infer<typeof Role>;
export const ROLES: readonly Role[] = Role.options;

/** A user as GET /api/users returns them. */
export const User = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: Role,
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
});
export type User = z.infer<typeof User>;

export const RoutingStrategy = z.enum(["broadcast", "round_robin"]);
export type RoutingStrategy = z.infer<typeof RoutingStrategy>;

/** A team's call recording: off, from when an agent joins, or the whole call (flow included). */
export const RecordingMode = z.enum(["off", "agent", "call"]);
export type RecordingMode = z.infer<typeof RecordingMode>;

/** A team as GET /api/teams returns it (routing and call fields default when the server leaves them out). */
export const Team = z.object({
  id: z.string(),
  name: z.string(),
  members: z.array(z.string()),
  routingStrategy: RoutingStrategy.default("broadcast"),
  offerTimeoutSeconds: z.number().int().default(20),
  /** An audio library id, `hold` or `ringback`; null: the built-in hold music. */
  holdAudio: z.string().nullable().default(null),
  /** null: each transfer's own timeout. */
  transferTimeoutSeconds: z.number().int().nullable().default(null),
  /** Conversations a member takes at once when they have no capacity of their own; null: 3. */
  capacity: z.number().int().nullable().default(null),
  recording: RecordingMode.default("off"),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Team = z.infer<typeof Team>;

/** PATCH /api/teams/:id: what a team's call settings change (null clears). */
export interface TeamCallSettings {
  holdAudio: string | null;
  transferTimeoutSeconds: number | null;
  capacity: number | null;
  recording: RecordingMode;
}

export const TeamRouting = z.object({ routingStrategy: RoutingStrategy, offerTimeoutSeconds: z.number().int() });
export type TeamRouting = z.infer<typeof TeamRouting>;

/** An API key as listed (never the key itself). */
export const ApiKey = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  role: Role,
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;

/** POST /api/api-keys: the record plus the key, shown this once. */
export const IssuedApiKey = ApiKey.extend({ key: z.string() });
export type IssuedApiKey = z.infer<typeof IssuedApiKey>;
