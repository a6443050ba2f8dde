import type { FlowSummary } from "../flows/flows-api";
import { channelChoices } from "../call-logs/channel-types";
import { type DashboardFilters, PRESET_TEXT, RangePreset } from "./dashboard-range";

interface Props {
  filters: DashboardFilters;
  onChange: (filters: DashboardFilters) => void;
  flows: readonly FlowSummary[];
  teams: ReadonlyArray<{ id: string; name: string }>;
  channelTypes: readonly string[];
}

/** The dashboard's question: the range (presets or custom days), flow, channel type, channel, team, and the service level. */
export function DashboardFilterBar({ filters, onChange, flows, teams, channelTypes }: Props) {
  const set = (change: Partial<DashboardFilters>) => onChange({ ...filters, ...change });
  return (
    <form className="log-filters dashboard-filters" role="search" aria-label="Dashboard filters" onSubmit={(event) => event.preventDefault()}>
      <div className="log-filter">
        <label htmlFor="dash-range">Range</label>
        <select
          id="dash-range"
          value={filters.preset}
          onChange={(event) => {
            const preset = RangePreset.safeParse(event.target.value);
            if (preset.success) set({ preset: preset.data });
          }}
        >
          {RangePreset.options.map((preset) => (
            <option key={preset} value={preset}>
              {PRESET_TEXT[preset]}
            </option>
          ))}
        </select>
      </div>
      {filters.preset === "custom" && (
        <>
          <div className="log-filter">
            <label htmlFor="dash-first">First day</label>
            <input id="dash-first" type="date" value={filters.firstDay} onChange={(event) => set({ firstDay: event.target.value })} />
          </div>
          <div className="log-filter">
            <label htmlFor="dash-last">Last day</label>
            <input id="dash-last" type="date" value={filters.lastDay} onChange={(event) => set({ lastDay: event.target.value })} />
          </div>
        </>
      )}
      <div className="log-filter">
        <label htmlFor="dash-flow">Flow</label>
        <select id="dash-flow" value={filters.flow} onChange={(event) => set({ flow: event.target.value })}>
          <option value="">All flows</option>
          {flows.map((flow) => (
            <option key={flow.id} value={flow.id}>
              {flow.name}
            </option>
          ))}
        </select>
      </div>
      <div className="log-filter">
        <label htmlFor="dash-channel-type">Channel type</label>
        <input id="dash-channel-type" list="dash-channel-types" placeholder="Any" value={filters.channelType} onChange={(event) => set({ channelType: event.target.value })} />
        <datalist id="dash-channel-types">
          {channelChoices(channelTypes).map((type) => (
            <option key={type} value={type} />
          ))}
        </datalist>
      </div>
      <div className="log-filter">
        <label htmlFor="dash-channel">Channel id</label>
        <input id="dash-channel" placeholder="Any" value={filters.channel} onChange={(event) => set({ channel: event.target.value })} />
      </div>
      <div className="log-filter">
        <label htmlFor="dash-team">Team</label>
        <select id="dash-team" value={filters.team} onChange={(event) => set({ team: event.target.value })}>
          <option value="">All teams</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      </div>
      <div className="log-filter">
        <label htmlFor="dash-sl">Service level (s)</label>
        <input
          id="dash-sl"
          type="number"
          min={1}
          max={3600}
          value={filters.serviceLevelSeconds}
          onChange={(event) => {
            const seconds = Number(event.target.value);
            if (Number.isInteger(seconds) && seconds >= 1 && seconds <= 3600) set({ serviceLevelSeconds: seconds });
          }}
        />
      </div>
    </form>
  );
}
