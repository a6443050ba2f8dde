import { AnalyticsAgents, AnalyticsSummary, AnalyticsTimeseries } from "../../../runtime/analytics/analytics-views";
import { api } from "../api/api-client";

/** The dashboard's reads: `query` is the analytics query string without `?` (`analyticsQuery`). */
export const dashboardApi = {
  summary: async (query: string) => AnalyticsSummary.parse(await api("GET", `/api/analytics/summary?${query}`)),
  timeseries: async (query: string, interval: "hour" | "day") => AnalyticsTimeseries.parse(await api("GET", `/api/analytics/timeseries?${query}&interval=${interval}`)),
  agents: async (query: string) => AnalyticsAgents.parse(await api("GET", `/api/analytics/agents?${query}`)),
};
