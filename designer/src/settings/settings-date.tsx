import { relativeTime } from "../ui/relative-time";

/** A time cell: relative, with the exact time on hover; a dash when there is none. */
export function SettingsDate({ iso, none = "—" }: { iso: string | null; none?: string }) {
  if (iso === null) return <span className="muted">{none}</span>;
  return <span title={new Date(iso).toLocaleString()}>{relativeTime(iso)}</span>;
}
