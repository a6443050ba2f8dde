import type { SimChannel, SimSource } from "./simulator-api";

export interface SetupValues {
  channel: SimChannel;
  source: SimSource;
  caller: string;
}

interface Props {
  values: SetupValues;
  onChange: (values: SetupValues) => void;
  running: boolean;
  started: boolean;
  busy: boolean;
  onStart: () => void;
  onHangup: () => void;
}

/** Voice or chat, draft or published, the caller's number; Start / Restart / Hang up. */
export function SimulatorSetup({ values, onChange, running, started, busy, onStart, onHangup }: Props) {
  return (
    <form
      className="sim-setup"
      onSubmit={(event) => {
        event.preventDefault();
        onStart();
      }}
    >
      <fieldset className="sim-segmented" aria-label="Channel">
        {(["voice", "chat"] as const).map((channel) => (
          <label key={channel} className={values.channel === channel ? "sim-segment sim-segment-on" : "sim-segment"}>
            <input type="radio" name="sim-channel" value={channel} checked={values.channel === channel} onChange={() => onChange({ ...values, channel })} />
            {channel === "voice" ? "Voice" : "Chat"}
          </label>
        ))}
      </fieldset>
      <div className="sim-setup-row">
        <label>
          Run
          <select value={values.source} onChange={(event) => onChange({ ...values, source: event.target.value === "published" ? "published" : "draft" })}>
            <option value="draft">the draft</option>
            <option value="published">the live version</option>
          </select>
        </label>
        <label>
          Caller number
          <input
            type="tel"
            placeholder="optional, +15550100"
            maxLength={64}
            value={values.caller}
            onChange={(event) => onChange({ ...values, caller: event.target.value })}
          />
        </label>
      </div>
      <div className="toolbar">
        <button type="submit" className="button button-primary" disabled={busy && !running}>
          {started ? "Restart" : "Start"}
        </button>
        <button type="button" className="button button-danger" disabled={!running} onClick={onHangup}>
          Hang up
        </button>
      </div>
    </form>
  );
}
