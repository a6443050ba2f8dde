import { type ReactNode, useEffect, useId, useState } from "react";
import { toast } from "../../ui/toasts";
import { type FieldErrors, fieldErrorsOf } from "../field-errors";
import { settingsApi } from "../settings-api";
import { RecordingMode, type Team, type TeamCallSettings } from "../settings-schemas";
import { HoldAudioPicker } from "./hold-audio-picker";

/** "" → null; otherwise an integer within [min, max], or the problem with it. */
function optionalInteger(text: string, min: number, max: number): { value: number | null } | { error: string } {
  if (text.trim() === "") return { value: null };
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) return { error: `a whole number from ${min} to ${max}, or empty` };
  return { value };
}

const textOf = (value: number | null) => (value === null ? "" : String(value));

/** The recording choices, in the words of the settings screen. */
const RECORDING_CHOICES: readonly { value: RecordingMode; label: string }[] = [
  { value: "off", label: "Off" },
  { value: "agent", label: "From when an agent joins" },
  { value: "call", label: "The whole call, flow included" },
];

/** A whole-number setting: its label, input, problem and help (ids from the form's `field()`). */
function NumberSetting(props: {
  field: { id: string; invalid: boolean; describedBy: string };
  label: string;
  min: number;
  max: number;
  placeholder: string;
  value: string;
  onChange: (text: string) => void;
  problem: ReactNode;
  help: string;
}) {
  const { field } = props;
  return (
    <div className={field.invalid ? "settings-field settings-field-invalid" : "settings-field"}>
      <label htmlFor={field.id}>{props.label}</label>
      <input
        id={field.id}
        type="number"
        min={props.min}
        max={props.max}
        step={1}
        placeholder={props.placeholder}
        aria-invalid={field.invalid}
        aria-describedby={field.describedBy}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {props.problem}
      <span id={`${field.id}-help`} className="muted small">
        {props.help}
      </span>
    </div>
  );
}

/**
 * What the team's callers and agents get: hold music (while a caller waits and when an agent
 * holds), how long a transfer waits for an agent, how many conversations a member takes at once,
 * and whether its calls are recorded. Problems show under their field, the server's too
 * (`400 body.holdAudio: …`).
 */
export function TeamCallsForm({ team, onSaved }: { team: Team; onSaved: () => void }) {
  const [holdAudio, setHoldAudio] = useState(team.holdAudio ?? "");
  const [timeout, setTimeoutText] = useState(textOf(team.transferTimeoutSeconds));
  const [capacity, setCapacity] = useState(textOf(team.capacity));
  const [recording, setRecording] = useState<RecordingMode>(team.recording);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const id = useId();
  useEffect(() => {
    setHoldAudio(team.holdAudio ?? "");
    setTimeoutText(textOf(team.transferTimeoutSeconds));
    setCapacity(textOf(team.capacity));
    setRecording(team.recording);
  }, [team.holdAudio, team.transferTimeoutSeconds, team.capacity, team.recording]);

  const parsedTimeout = optionalInteger(timeout, 5, 3600);
  const parsedCapacity = optionalInteger(capacity, 1, 100);
  const changed =
    holdAudio !== (team.holdAudio ?? "") || timeout.trim() !== textOf(team.transferTimeoutSeconds) || capacity.trim() !== textOf(team.capacity) || recording !== team.recording;

  const field = (name: keyof TeamCallSettings) => {
    const problem = errors[name];
    return { id: `${id}-${name}`, invalid: problem !== undefined, describedBy: problem === undefined ? `${id}-${name}-help` : `${id}-${name}-error ${id}-${name}-help`, problem };
  };
  const problem = (name: keyof TeamCallSettings) => {
    const text = errors[name];
    return text === undefined ? null : (
      <span id={`${id}-${name}-error`} className="settings-field-error" role="alert">
        {text.charAt(0).toUpperCase() + text.slice(1)}
      </span>
    );
  };
  const hold = field("holdAudio");
  const transfer = field("transferTimeoutSeconds");
  const cap = field("capacity");
  const rec = field("recording");

  return (
    <form
      className="settings-row team-calls"
      aria-label={`Call settings of ${team.name}`}
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const local: FieldErrors = {};
        if ("error" in parsedTimeout) local.transferTimeoutSeconds = parsedTimeout.error;
        if ("error" in parsedCapacity) local.capacity = parsedCapacity.error;
        setErrors(local);
        setFailure(undefined);
        if ("error" in parsedTimeout || "error" in parsedCapacity) return;
        setBusy(true);
        try {
          await settingsApi.updateTeam(team.id, { holdAudio: holdAudio === "" ? null : holdAudio, transferTimeoutSeconds: parsedTimeout.value, capacity: parsedCapacity.value, recording });
          toast.success(`Saved call settings of ${team.name}`);
          onSaved();
        } catch (error) {
          const refused = fieldErrorsOf(error);
          setErrors(refused.fields);
          setFailure(refused.message);
        } finally {
          setBusy(false);
        }
      }}
    >
      <div className={hold.invalid ? "settings-field settings-field-invalid" : "settings-field"}>
        <label htmlFor={hold.id}>Hold music</label>
        <HoldAudioPicker id={hold.id} teamName={team.name} value={holdAudio} invalid={hold.invalid} describedBy={hold.describedBy} onChange={setHoldAudio} />
        {problem("holdAudio")}
        <span id={`${id}-holdAudio-help`} className="muted small">
          Voice callers waiting for or held by this team, unless the transfer sets its own
        </span>
      </div>
      <NumberSetting
        field={transfer}
        label="Transfer timeout (seconds)"
        min={5}
        max={3600}
        placeholder="The transfer's own"
        value={timeout}
        onChange={setTimeoutText}
        problem={problem("transferTimeoutSeconds")}
        help="How long a transfer to this team waits for an agent before “no answer”; replaces the transfer node's own"
      />
      <NumberSetting
        field={cap}
        label="Capacity per agent"
        min={1}
        max={100}
        placeholder="3"
        value={capacity}
        onChange={setCapacity}
        problem={problem("capacity")}
        help="Conversations a member takes at once unless an admin set their own"
      />
      <div className={rec.invalid ? "settings-field settings-field-invalid" : "settings-field"}>
        <label htmlFor={rec.id}>Recording</label>
        <select
          id={rec.id}
          aria-invalid={rec.invalid}
          aria-describedby={rec.describedBy}
          value={recording}
          onChange={(event) => {
            const chosen = RecordingMode.safeParse(event.target.value);
            if (chosen.success) setRecording(chosen.data);
          }}
        >
          {RECORDING_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
        {problem("recording")}
        <span id={`${id}-recording-help`} className="muted small">
          Voice calls that reach this team, played from the call logs; the flow's greeting can tell callers they are recorded
        </span>
      </div>
      <button type="submit" className="button" disabled={busy || !changed}>
        Save call settings
      </button>
      {failure !== undefined && (
        <p className="form-error" role="alert">
          {failure}
        </p>
      )}
    </form>
  );
}
