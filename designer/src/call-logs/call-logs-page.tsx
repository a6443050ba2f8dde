import { useEffect, useRef, useState } from "react";
import { toastError } from "../ui/toasts";
import { apiQuery, filtersFromSearch, filtersToSearch, hasFilters, type SessionFilters } from "./session-filters";
import { SessionFilterBar } from "./session-filter-bar";
import { type SessionSummary, sessionsApi } from "./sessions-api";
import { SessionsTable } from "./sessions-table";
import { useCallsOfSessions } from "./use-calls-of-sessions";
import { useFlows } from "./use-flows";
import "./call-logs.css";

const PAGE_SIZE = 50;
/** Typing in the channel box waits this long before asking the server. */
const DEBOUNCE_MS = 200;

/** Keeps the filters in the page's query string, so a link to the page shows the same sessions. */
function useFiltersInUrl(filters: SessionFilters): void {
  useEffect(() => {
    const search = filtersToSearch(filters);
    const url = `${window.location.pathname}${search === "" ? "" : `?${search}`}`;
    if (url !== window.location.pathname + window.location.search) window.history.replaceState(window.history.state, "", url);
  }, [filters]);
}

/** /designer/logs: every call and chat, newest first, with filters kept in the URL. */
export function CallLogsPage() {
  const [filters, setFilters] = useState<SessionFilters>(() => filtersFromSearch(window.location.search));
  const [sessions, setSessions] = useState<SessionSummary[] | undefined>();
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [failed, setFailed] = useState(false);
  const [seenChannels, setSeenChannels] = useState<ReadonlySet<string>>(new Set());
  const [now, setNow] = useState(() => Date.now());
  const [reloads, setReloads] = useState(0);
  /** Bumped on every new query, so answers to an older one are dropped. */
  const generation = useRef(0);
  const flows = useFlows();
  const calls = useCallsOfSessions(sessions);
  useFiltersInUrl(filters);

  const show = (items: SessionSummary[], cursor: string | null, append: boolean) => {
    setSessions((previous) => (append ? [...(previous ?? []), ...items] : items));
    setNextCursor(cursor);
    setNow(Date.now());
    setSeenChannels((previous) => (items.every((item) => previous.has(item.channelType)) ? previous : new Set([...previous, ...items.map((item) => item.channelType)])));
  };

  useEffect(() => {
    const current = ++generation.current;
    setLoading(true);
    const timer = setTimeout(() => {
      sessionsApi.list(apiQuery(filters, { limit: PAGE_SIZE })).then(
        (page) => {
          if (current !== generation.current) return;
          show(page.items, page.nextCursor, false);
          setFailed(false);
          setLoading(false);
        },
        (error: unknown) => {
          if (current !== generation.current) return;
          setFailed(true);
          setLoading(false);
          toastError(error);
        },
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [filters, reloads]);

  const loadMore = async () => {
    if (nextCursor === null) return;
    const current = generation.current;
    setLoadingMore(true);
    try {
      const page = await sessionsApi.list(apiQuery(filters, { limit: PAGE_SIZE, cursor: nextCursor }));
      if (current === generation.current) show(page.items, page.nextCursor, true);
    } catch (error) {
      toastError(error);
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <main className="page page-wide">
      <div className="page-header">
        <h1>Call logs</h1>
        <button type="button" className="button" onClick={() => setReloads((count) => count + 1)} disabled={loading}>
          Refresh
        </button>
      </div>
      <SessionFilterBar filters={filters} onChange={setFilters} flows={flows} seenChannels={seenChannels} />
      {sessions === undefined ? (
        failed ? (
          <div className="empty-state">
            <h2>The sessions could not be loaded</h2>
            <button type="button" className="button" onClick={() => setReloads((count) => count + 1)}>
              Try again
            </button>
          </div>
        ) : (
          <p className="muted" aria-busy="true">
            Loading sessions…
          </p>
        )
      ) : sessions.length === 0 ? (
        <div className="empty-state" aria-busy={loading}>
          {hasFilters(filters) ? (
            <>
              <h2>No sessions match these filters</h2>
              <p className="muted">Try another flow, status, channel or time range.</p>
            </>
          ) : (
            <>
              <h2>No calls or chats yet</h2>
              <p className="muted">Every call, chat and simulation is logged here with the path it took through its flow.</p>
            </>
          )}
        </div>
      ) : (
        <div className={loading ? "log-results log-results-loading" : "log-results"} aria-busy={loading}>
          <SessionsTable sessions={sessions} flows={flows} now={now} calls={calls} />
          <div className="log-more">
            <span className="muted small">
              {sessions.length} session{sessions.length === 1 ? "" : "s"}
              {nextCursor === null ? "" : " so far"}
            </span>
            {nextCursor !== null && (
              <button type="button" className="button" onClick={loadMore} disabled={loadingMore || loading}>
                {loadingMore ? "Loading…" : "Load more"}
              </button>
            )}
          </div>
        </div>
      )}
    </main>
  );
}
