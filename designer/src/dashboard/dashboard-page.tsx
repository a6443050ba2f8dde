import { useEffect, useMemo, useRef, useState } from "react";
import type { AnalyticsAgents, AnalyticsSummary, AnalyticsTimeseries } from "../../../runtime/analytics/analytics-views";
import { useFlows } from "../call-logs/use-flows";
import { settingsApi } from "../settings/settings-api";
import { toastError } from "../ui/toasts";
import { dashboardApi } from "./dashboard-api";
import { DashboardFilterBar } from "./dashboard-filter-bar";
import { analyticsQuery, browserZone, type DashboardFilters, filtersFromSearch, filtersToSearch, rangeOf } from "./dashboard-range";
import { agentsTable, duration, OUTCOME_KEYS, OUTCOME_TEXT, outcomesTable, percent, timeseriesTable } from "./dashboard-tables";
import { FigurePanel } from "./figure-panel";
import { LiveTiles } from "./live-tiles";
import { SessionsChart } from "./sessions-chart";
import "./dashboard.css";

interface Figures {
  summary: AnalyticsSummary;
  series: AnalyticsTimeseries;
  agents: AnalyticsAgents;
}

/** /dashboard (admins): how calls and chats went over a range of days, in the browser's time zone. */
export function DashboardPage() {
  const [filters, setFilters] = useState<DashboardFilters>(() => filtersFromSearch(window.location.search));
  const [figures, setFigures] = useState<Figures | undefined>();
  const [loading, setLoading] = useState(true);
  const [teams, setTeams] = useState<Array<{ id: string; name: string }>>([]);
  const flows = useFlows();
  const zone = useMemo(browserZone, []);
  const range = rangeOf(filters, zone);
  const query = range === undefined ? undefined : analyticsQuery(filters, range, zone);
  const generation = useRef(0);

  useEffect(() => {
    const search = filtersToSearch(filters);
    const url = `${window.location.pathname}${search === "" ? "" : `?${search}`}`;
    if (url !== window.location.pathname + window.location.search) window.history.replaceState(window.history.state, "", url);
  }, [filters]);

  useEffect(() => {
    settingsApi.listTeams().then((list) => setTeams(list.map((team) => ({ id: team.id, name: team.name }))), toastError);
  }, []);

  useEffect(() => {
    if (query === undefined || range === undefined) return;
    const current = ++generation.current;
    setLoading(true);
    Promise.all([dashboardApi.summary(query), dashboardApi.timeseries(query, range.interval), dashboardApi.agents(query)]).then(
      ([summary, series, agents]) => {
        if (current !== generation.current) return;
        setFigures({ summary, series, agents });
        setLoading(false);
      },
      (error: unknown) => {
        if (current !== generation.current) return;
        setLoading(false);
        toastError(error);
      },
    );
  }, [query, range?.interval]);

  return (
    <main className="dashboard-page" aria-busy={loading}>
      <header className="dashboard-head">
        <h1>Dashboard</h1>
        <p className="muted small">
          Times are {zone}'s. {range === undefined ? "Choose the first and last day." : `${range.days} day${range.days === 1 ? "" : "s"}, per ${range.interval}.`}
        </p>
      </header>
      <LiveTiles />
      <DashboardFilterBar filters={filters} onChange={setFilters} flows={flows ?? []} teams={teams} channelTypes={figures?.series.channelTypes ?? []} />
      {figures === undefined ? (
        <p className="muted">{loading ? "Loading…" : "No figures."}</p>
      ) : (
        <>
          <section className="dashboard-tiles" aria-label="Key figures">
            <Tile label="Sessions started" value={String(figures.summary.sessions.started)} />
            <Tile label="Answered by an agent" value={String(figures.summary.sessions.answered)} note={`of ${figures.summary.sessions.transferred} transferred`} />
            <Tile label="Time to answer (p50 / p90)" value={`${duration(figures.summary.answer.p50Seconds)} / ${duration(figures.summary.answer.p90Seconds)}`} />
            <Tile
              label={`Service level (answered within ${figures.summary.answer.serviceLevel.seconds} s)`}
              value={figures.summary.answer.serviceLevel.share === null ? "—" : percent(figures.summary.answer.serviceLevel.share)}
            />
            <Tile label="Mean handle time" value={duration(figures.summary.handle.meanSeconds)} note={`${figures.summary.handle.conversations} conversations`} />
            <Tile label="Mean hold time" value={duration(figures.summary.hold.meanSeconds)} />
          </section>
          <FigurePanel title="Sessions by channel" csvName="sessions-by-channel.csv" table={timeseriesTable(figures.series, zone)}>
            <SessionsChart series={figures.series} label={`Sessions per ${figures.series.interval} by channel type; the table view lists the numbers`} />
          </FigurePanel>
          <FigurePanel title="Outcomes" csvName="outcomes.csv" table={outcomesTable(figures.summary)}>
            <OutcomeBars summary={figures.summary} />
          </FigurePanel>
          <FigurePanel title="Agents" csvName="agents.csv" table={agentsTable(figures.agents)} tableOnly />
        </>
      )}
    </main>
  );
}

function Tile({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div className="dashboard-tile">
      <div className="dashboard-tile-label">{label}</div>
      <div className="dashboard-tile-value">{value}</div>
      {note !== undefined && <div className="muted small">{note}</div>}
    </div>
  );
}

/** Each outcome as a bar, its width its share of the sessions started. */
function OutcomeBars({ summary }: { summary: AnalyticsSummary }) {
  const largest = Math.max(1, ...OUTCOME_KEYS.map((key) => summary.sessions[key]));
  return (
    <ul className="outcome-bars" aria-label="Outcomes">
      {OUTCOME_KEYS.map((key) => (
        <li key={key}>
          <span className="outcome-name">{OUTCOME_TEXT[key]}</span>
          <span className="outcome-bar" style={{ width: `${(summary.sessions[key] / largest) * 100}%` }} aria-hidden="true" />
          <span className="outcome-count">{summary.sessions[key]}</span>
        </li>
      ))}
    </ul>
  );
}
