import { DateTime } from "luxon";
import type { AnalyticsAgents, AnalyticsSummary, AnalyticsTimeseries } from "../../../runtime/analytics/analytics-views";
import { formatDuration } from "../call-logs/duration";
import type { FigureTable } from "./figure-panel";

/** How each outcome reads on the dashboard, in the order it lists them. */
export const OUTCOME_TEXT = {
  completed: "Completed in the flow",
  transferred: "Transferred",
  answered: "Answered by an agent",
  abandoned: "Abandoned while waiting",
  hung_up: "Hung up in the flow",
  failed: "Failed (guard, error)",
} as const satisfies Partial<Record<keyof AnalyticsSummary["sessions"], string>>;

export type OutcomeKey = keyof typeof OUTCOME_TEXT;
export const OUTCOME_KEYS = Object.keys(OUTCOME_TEXT).filter((key): key is OutcomeKey => key in OUTCOME_TEXT);

/** The sessions chart as a table: one row per hour or day (local), a column per channel type and the total. */
export function timeseriesTable(series: AnalyticsTimeseries, zone: string): FigureTable {
  const format = series.interval === "hour" ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd";
  return {
    header: [series.interval === "hour" ? "Hour" : "Day", ...series.channelTypes, "Total"],
    rows: series.points.map((point) => [DateTime.fromISO(point.start, { setZone: true }).setZone(zone).toFormat(format), ...series.channelTypes.map((type) => point.byChannelType[type] ?? 0), point.sessions]),
  };
}

/** Outcomes with their share of the sessions started. */
export function outcomesTable(summary: AnalyticsSummary): FigureTable {
  const started = summary.sessions.started;
  return {
    header: ["Outcome", "Sessions", "Share of started"],
    rows: OUTCOME_KEYS.map((key) => [OUTCOME_TEXT[key], summary.sessions[key], started === 0 ? null : percent(summary.sessions[key] / started)]),
  };
}

export function agentsTable(agents: AnalyticsAgents): FigureTable {
  return {
    header: ["Agent", "Conversations", "Handle time (s)", "Mean handle (s)", "Available (s)", "Occupancy"],
    rows: agents.map((agent) => [agent.name ?? agent.userId, agent.conversations, agent.handleSeconds, agent.meanHandleSeconds, agent.availableSeconds, agent.occupancy === null ? null : percent(agent.occupancy)]),
  };
}

export function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

/** Seconds as the dashboard shows a duration (as the call log does: `42 s`, `3 min 5 s`); an em dash when there is none. */
export function duration(seconds: number | null): string {
  return seconds === null ? "—" : formatDuration(Math.round(seconds) * 1000);
}
