import { z } from "zod";

/** One limit of an action (MEDIA.md 5.6): how many are allowed in a period, how many were used, until when. */
const GraphLimit = z.looseObject({
  time_period: z.string().optional(),
  max_allowed: z.number().int().optional(),
  current_usage: z.number().int().optional(),
  limit_expiration_time: z.number().int().optional(),
});

/** `GET /{phone-number-id}/call_permissions?user_wa_id=…` (MEDIA.md 5.6); loose, Meta adds fields. */
export const GraphCallPermissions = z.looseObject({
  permission: z.looseObject({ status: z.string(), expiration_time: z.number().int().optional() }),
  actions: z.array(z.looseObject({ action_name: z.string(), can_perform_action: z.boolean(), limits: z.array(GraphLimit).optional() })).optional(),
});
export type GraphCallPermissions = z.infer<typeof GraphCallPermissions>;

const Limit = z
  .object({
    period: z.string().nullable().describe("ISO 8601 duration, e.g. PT24H"),
    maxAllowed: z.number().int().nullable(),
    used: z.number().int().nullable(),
    resetsAt: z.string().nullable().describe("When the period's count starts again (ISO time)"),
  })
  .meta({ id: "CallPermissionLimit" });

const Action = z.object({ allowed: z.boolean().describe("Meta says the action can be performed now"), limits: z.array(Limit) });

/** What the console is told about calling a WhatsApp user (MEDIA.md 5.6), read from Meta each time. */
export const CallPermission = z
  .object({
    channelId: z.string(),
    contact: z.string().describe("The user's WhatsApp id"),
    callingEnabled: z.boolean().describe("The channel takes WhatsApp calls (settings.calling.enabled): calls are placed only then"),
    status: z.enum(["no_permission", "temporary", "permanent"]).or(z.string()).describe("Meta's permission status"),
    expiresAt: z.string().nullable().describe("When a temporary permission ends (ISO time)"),
    startCall: Action.describe("start_call: may a call be placed now"),
    requestPermission: Action.describe("send_call_permission_request: may the user be asked now"),
  })
  .meta({ id: "CallPermission" });
export type CallPermission = z.infer<typeof CallPermission>;

const isoSeconds = (seconds: number | undefined): string | null => (seconds === undefined ? null : new Date(seconds * 1000).toISOString());

/** Meta's answer in the console's words: an action Meta does not list cannot be performed. */
export function callPermissionView(graph: GraphCallPermissions, context: { channelId: string; contact: string; callingEnabled: boolean }): CallPermission {
  const action = (name: string) => {
    const found = graph.actions?.find((candidate) => candidate.action_name === name);
    return {
      allowed: found?.can_perform_action ?? false,
      limits: (found?.limits ?? []).map((limit) => ({
        period: limit.time_period ?? null,
        maxAllowed: limit.max_allowed ?? null,
        used: limit.current_usage ?? null,
        resetsAt: isoSeconds(limit.limit_expiration_time),
      })),
    };
  };
  return {
    ...context,
    status: graph.permission.status,
    expiresAt: isoSeconds(graph.permission.expiration_time),
    startCall: action("start_call"),
    requestPermission: action("send_call_permission_request"),
  };
}

/** The limit that stops an action, in words ("2 of 2 in PT24H, again at …"), for refusals. */
export function limitText(limits: CallPermission["startCall"]["limits"]): string {
  const reached = limits.find((limit) => limit.maxAllowed !== null && limit.used !== null && limit.used >= limit.maxAllowed) ?? limits[0];
  if (reached === undefined) return "";
  const period = reached.period === null ? "" : ` per ${reached.period.replace(/^PT?/, "").toLowerCase()}`;
  const count = reached.maxAllowed === null ? "" : `${reached.used ?? "?"} of ${reached.maxAllowed}${period} used`;
  return [count, reached.resetsAt === null ? "" : `again at ${reached.resetsAt}`].filter((part) => part !== "").join(", ");
}
