import { useEffect } from "react";
import { formatDuration } from "../../audio/audio-api";
import { ensureAudioLibrary, useAudioLibrary } from "../../audio/use-audio-library";
import { PlayButton } from "../../settings/audio/play-button";
import { FieldShell } from "./fields/field-shell";

const NONE = "";

/** Picks a recorded prompt from the audio library (or none); the hold music and ringback are built in. */
export function AudioPicker({ label, value, onChange, errors, hint, shipped = false }: { label: string; value: string; onChange: (id: string) => void; errors?: readonly string[] | undefined; hint?: string; shipped?: boolean }) {
  const assets = useAudioLibrary((state) => state.assets);
  useEffect(ensureAudioLibrary, []);
  const builtIn = shipped ? [{ id: "hold", label: "Built-in hold music" }, { id: "ringback", label: "Built-in ringback tone" }] : [];
  const known = value === NONE || builtIn.some((item) => item.id === value) || (assets ?? []).some((asset) => asset.id === value);
  const selected = (assets ?? []).find((asset) => asset.id === value);
  return (
    <FieldShell label={label} errors={errors} hint={hint}>
      {({ inputId, describedBy, invalid }) => (
        <div className="audio-picker">
          <select id={inputId} value={value} aria-describedby={describedBy} aria-invalid={invalid} onChange={(event) => onChange(event.target.value)}>
            <option value={NONE}>{shipped ? "Default hold music" : "No recorded audio"}</option>
            {builtIn.map((item) => (
              <option key={item.id} value={item.id}>
                {item.label}
              </option>
            ))}
            {(assets ?? []).map((asset) => (
              <option key={asset.id} value={asset.id}>
                {asset.name} ({formatDuration(asset.duration)})
              </option>
            ))}
            {!known && <option value={value}>{value} (not in the library)</option>}
          </select>
          {selected && <PlayButton src={selected.oggUrl} label={selected.name} />}
        </div>
      )}
    </FieldShell>
  );
}
