import { DateTime, IANAZone } from "luxon";
import { z } from "zod";
import { fieldError } from "../http/api-error";
import { BUCKET_MS } from "../store/analytics/buckets";
import type { AnalyticsFilter } from "../store/analytics/analytics-repo";

/** The longest range one question may cover. */
export const MAX_RANGE_DAYS = 400;

const Instant = z
  .string()
  .min(1)
  .max(40)
  .describe("A local date (`2026-03-08`: its midnight in `tz`) or an ISO 8601 date-time (without an offset: local to `tz`); on a 15-minute boundary");

/** The filters every analytics route takes (query string). */
export const AnalyticsQuery = z.object({
  from: Instant.describe("Start (inclusive): a local date (`2026-03-08`, its midnight in `tz`) or an ISO 8601 date-time on a 15-minute boundary"),
  to: Instant.describe("End (exclusive): a local date (its midnight in `tz`: `to=2026-03-09` ends with the 8th) or date-time on a 15-minute boundary"),
  tz: z.string().min(1).max(64).default("UTC").describe("The browser's IANA time zone (`Europe/Paris`, `Asia/Kathmandu`): days and hours are that zone's"),
  flow: z.string().min(1).max(200).optional().describe("A flow id: only its sessions (and, for paths, the steps that ran in it)"),
  channelType: z.string().min(1).max(64).optional().describe("A channel type (twilio_voice, web_chat…)"),
  channel: z.string().min(1).max(200).optional().describe("A channel id"),
  team: z.string().min(1).max(200).optional().describe("A team id: the conversation figures (transferred, answered, time to answer, handle, hold, agents) of that team; session counts stay every team's"),
  serviceLevelSeconds: z.coerce.number().int().min(1).max(3600).default(20).describe("The service level: the share of transfers answered within this many seconds"),
});
export type AnalyticsQuery = z.infer<typeof AnalyticsQuery>;

export interface ResolvedQuery {
  filter: AnalyticsFilter;
  zone: string;
  serviceLevelSeconds: number;
}

function instant(field: "from" | "to", value: string, zone: string): number {
  const parsed = DateTime.fromISO(value, { zone, setZone: false });
  if (!parsed.isValid) throw fieldError(400, "invalid_request", `query.${field}`, `not a date or ISO 8601 date-time: ${JSON.stringify(value)}`, parsed.invalidExplanation ?? undefined);
  const at = parsed.toMillis();
  if (at % BUCKET_MS !== 0) throw fieldError(400, "invalid_request", `query.${field}`, "must fall on a 15-minute boundary (the figures are counted per 15 minutes)");
  return at;
}

/** Checks the zone and the range (400 naming the field) and turns them into the repository's filter. */
export function resolveQuery(query: AnalyticsQuery): ResolvedQuery {
  if (!IANAZone.isValidZone(query.tz)) throw fieldError(400, "invalid_request", "query.tz", `not an IANA time zone: ${JSON.stringify(query.tz)}`, "e.g. Europe/Paris");
  const from = instant("from", query.from, query.tz);
  const to = instant("to", query.to, query.tz);
  if (to <= from) throw fieldError(400, "invalid_request", "query.to", "must be after from");
  if (to - from > MAX_RANGE_DAYS * 86_400_000) throw fieldError(400, "invalid_request", "query.to", `the range may cover at most ${MAX_RANGE_DAYS} days`);
  return {
    filter: { from, to, flowId: query.flow, channelType: query.channelType, channelId: query.channel, teamId: query.team },
    zone: query.tz,
    serviceLevelSeconds: query.serviceLevelSeconds,
  };
}
