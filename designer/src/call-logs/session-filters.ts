import { z } from "zod";
import { SENTIMENT_LABELS } from "../../../drizzle/insight-enums";
import { SessionStatus } from "./sessions-api";

export const SentimentLabel = z.enum(SENTIMENT_LABELS);
export type SentimentLabel = z.infer<typeof SentimentLabel>;

/** The call-log filters, as kept in the page's query string (`?flow=&status=&channel=&sentiment=&from=&to=`). */
export interface SessionFilters {
  flowId: string;
  status: SessionStatus | "";
  /** A channel type: simulator, twilio_voice, webchat… */
  channel: string;
  /** How the customer sounded in the conversation with agents (its insights). */
  sentiment: SentimentLabel | "";
  /** ISO instants; "" when not set. `from` is inclusive, `to` exclusive. */
  from: string;
  to: string;
}

export const NO_FILTERS: SessionFilters = { flowId: "", status: "", channel: "", sentiment: "", from: "", to: "" };

function instant(value: string | null): string {
  if (value === null || value === "") return "";
  const time = Date.parse(value);
  return Number.isNaN(time) ? "" : new Date(time).toISOString();
}

/** Reads the filters from a page's query string (`location.search`); unknown or invalid values are dropped. */
export function filtersFromSearch(search: string): SessionFilters {
  const params = new URLSearchParams(search);
  const status = SessionStatus.safeParse(params.get("status"));
  const sentiment = SentimentLabel.safeParse(params.get("sentiment"));
  return {
    flowId: params.get("flow")?.trim() ?? "",
    status: status.success ? status.data : "",
    channel: params.get("channel")?.trim() ?? "",
    sentiment: sentiment.success ? sentiment.data : "",
    from: instant(params.get("from")),
    to: instant(params.get("to")),
  };
}

function entries(filters: SessionFilters, names: { flowId: string }): [string, string][] {
  const list: [string, string][] = [
    [names.flowId, filters.flowId.trim()],
    ["status", filters.status],
    ["channel", filters.channel.trim()],
    ["sentiment", filters.sentiment],
    ["from", filters.from],
    ["to", filters.to],
  ];
  return list.filter(([, value]) => value !== "");
}

/** The page's query string for the filters, without `?`; "" when none is set. */
export function filtersToSearch(filters: SessionFilters): string {
  return new URLSearchParams(entries(filters, { flowId: "flow" })).toString();
}

/** The GET /api/sessions query string for the filters and a page, without `?`. */
export function apiQuery(filters: SessionFilters, page: { limit: number; cursor?: string | null }): string {
  const params = new URLSearchParams(entries(filters, { flowId: "flowId" }));
  params.set("limit", String(page.limit));
  if (page.cursor) params.set("cursor", page.cursor);
  return params.toString();
}

export function hasFilters(filters: SessionFilters): boolean {
  return entries(filters, { flowId: "flow" }).length > 0;
}
