import type { FlowSummary } from "../flows/flows-api";
import { channelChoices } from "./channel-types";
import { isoToLocalInput, localInputToIso } from "./local-date-time";
import { hasFilters, NO_FILTERS, SentimentLabel, type SessionFilters } from "./session-filters";
import { SessionStatus } from "./sessions-api";
import "./call-logs.css";

interface Props {
  filters: SessionFilters;
  onChange: (filters: SessionFilters) => void;
  flows: readonly FlowSummary[] | undefined;
  /** Channel types seen in the list so far. */
  seenChannels: Iterable<string>;
}

const STATUS_TEXT: Record<SessionStatus, string> = { active: "Active", waiting: "Waiting", ended: "Ended" };
const SENTIMENT_TEXT: Record<SentimentLabel, string> = { negative: "Negative", neutral: "Neutral", positive: "Positive" };

/** The call-log filters: flow, status, channel type, the customer's sentiment and a start-time range. */
export function SessionFilterBar({ filters, onChange, flows, seenChannels }: Props) {
  const set = (change: Partial<SessionFilters>) => onChange({ ...filters, ...change });
  const flowKnown = flows === undefined || filters.flowId === "" || flows.some((flow) => flow.id === filters.flowId);
  return (
    <form className="log-filters" role="search" aria-label="Filter sessions" onSubmit={(event) => event.preventDefault()}>
      <div className="log-filter">
        <label htmlFor="log-filter-flow">Flow</label>
        <select id="log-filter-flow" value={filters.flowId} onChange={(event) => set({ flowId: event.target.value })}>
          <option value="">All flows</option>
          {(flows ?? []).map((flow) => (
            <option key={flow.id} value={flow.id}>
              {flow.name}
            </option>
          ))}
          {!flowKnown && <option value={filters.flowId}>{filters.flowId}</option>}
        </select>
      </div>
      <div className="log-filter">
        <label htmlFor="log-filter-status">Status</label>
        <select
          id="log-filter-status"
          value={filters.status}
          onChange={(event) => {
            const status = SessionStatus.safeParse(event.target.value);
            set({ status: status.success ? status.data : "" });
          }}
        >
          <option value="">Any status</option>
          {SessionStatus.options.map((status) => (
            <option key={status} value={status}>
              {STATUS_TEXT[status]}
            </option>
          ))}
        </select>
      </div>
      <div className="log-filter">
        <label htmlFor="log-filter-channel">Channel</label>
        <input id="log-filter-channel" list="log-channel-types" placeholder="Any channel" value={filters.channel} onChange={(event) => set({ channel: event.target.value })} />
        <datalist id="log-channel-types">
          {channelChoices(seenChannels).map((type) => (
            <option key={type} value={type} />
          ))}
        </datalist>
      </div>
      <div className="log-filter">
        <label htmlFor="log-filter-sentiment">Sentiment</label>
        <select
          id="log-filter-sentiment"
          value={filters.sentiment}
          title="How the customer sounded with agents (the conversation's insights)"
          onChange={(event) => {
            const sentiment = SentimentLabel.safeParse(event.target.value);
            set({ sentiment: sentiment.success ? sentiment.data : "" });
          }}
        >
          <option value="">Any sentiment</option>
          {SentimentLabel.options.map((label) => (
            <option key={label} value={label}>
              {SENTIMENT_TEXT[label]}
            </option>
          ))}
        </select>
      </div>
      <div className="log-filter">
        <label htmlFor="log-filter-from">Started from</label>
        <input id="log-filter-from" type="datetime-local" value={isoToLocalInput(filters.from)} onChange={(event) => set({ from: localInputToIso(event.target.value) })} />
      </div>
      <div className="log-filter">
        <label htmlFor="log-filter-to">Started before</label>
        <input id="log-filter-to" type="datetime-local" value={isoToLocalInput(filters.to)} onChange={(event) => set({ to: localInputToIso(event.target.value) })} />
      </div>
      <button type="button" className="button button-quiet" disabled={!hasFilters(filters)} onClick={() => onChange(NO_FILTERS)}>
        Clear filters
      </button>
    </form>
  );
}
