import { useEffect } from "react";
import { formatDuration } from "../../audio/audio-api";
import { ensureAudioLibrary, useAudioLibrary } from "../../audio/use-audio-library";
import { PlayButton } from "../audio/play-button";

const DEFAULT = "";
const BUILT_IN = [
  { id: "hold", label: "Built-in hold music" },
  { id: "ringback", label: "Built-in ringback tone" },
];

/**
 * A team's hold music: the default (the built-in hold music), a built-in sound or an asset of the
 * audio library, with ▶ to listen to it (`/audio/<id>.ogg`, the web rendition).
 */
export function HoldAudioPicker(props: {
  id: string;
  teamName: string;
  value: string;
  onChange: (id: string) => void;
  invalid: boolean;
  describedBy: string | undefined;
}) {
  const assets = useAudioLibrary((state) => state.assets);
  useEffect(ensureAudioLibrary, []);
  const { value } = props;
  const known = value === DEFAULT || BUILT_IN.some((item) => item.id === value) || (assets ?? []).some((asset) => asset.id === value);
  const heard = value === DEFAULT ? "hold" : value;
  const name = BUILT_IN.find((item) => item.id === heard)?.label ?? (assets ?? []).find((asset) => asset.id === heard)?.name ?? heard;
  return (
    <span className="hold-audio-picker">
      <select id={props.id} value={value} aria-invalid={props.invalid} aria-describedby={props.describedBy} onChange={(event) => props.onChange(event.target.value)}>
        <option value={DEFAULT}>Default (built-in hold music)</option>
        {BUILT_IN.map((item) => (
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
      <PlayButton src={`/audio/${encodeURIComponent(heard)}.ogg`} label={`${name}, hold music of ${props.teamName}`} />
    </span>
  );
}
