import { useEffect, useState } from "react";
import { AnalyticsPaths } from "../../../../runtime/analytics/analytics-views";
import { api } from "../../api/api-client";
import { analyticsQuery, browserZone, DEFAULT_FILTERS, PRESET_TEXT, type RangePreset, rangeOf } from "../../dashboard/dashboard-range";
import { flowsApi } from "../../flows/flows-api";
import { toastError } from "../../ui/toasts";
import { useEditor, useEditorStore } from "../store/editor-context";
import { canvasAnalytics } from "./canvas-analytics";

type VersionChoice = "live" | "all";
const RANGES: RangePreset[] = ["today", "7d", "30d"];

/**
 * The toolbar's Analytics: on, the canvas shows how many sessions took each edge (and its share),
 * where they ended and why, and the outputs never taken, for the live version or all versions over
 * a range of days (the browser's zone).
 */
export function AnalyticsControl() {
  const store = useEditorStore();
  const flowId = useEditor((state) => state.flowId);
  const on = useEditor((state) => state.analytics !== null);
  const [open, setOpen] = useState(false);
  const [range, setRange] = useState<RangePreset>("7d");
  const [version, setVersion] = useState<VersionChoice>("live");

  useEffect(() => {
    if (!open) {
      store.getState().setAnalytics(null);
      return;
    }
    let cancelled = false;
    const zone = browserZone();
    const days = rangeOf({ ...DEFAULT_FILTERS, preset: range }, zone);
    if (days === undefined) return;
    (async () => {
      const live = version === "live" ? (await flowsApi.get(flowId)).publishedVersion : null;
      const which = live === null ? "all" : String(live);
      const query = `${analyticsQuery(DEFAULT_FILTERS, days, zone)}&version=${which}`;
      const paths = AnalyticsPaths.parse(await api("GET", `/api/analytics/flows/${encodeURIComponent(flowId)}/paths?${query}`));
      if (!cancelled) store.getState().setAnalytics(canvasAnalytics(paths, `${PRESET_TEXT[range]} · ${which === "all" ? "all versions" : `version ${which}`}`));
    })().catch((error: unknown) => {
      if (!cancelled) toastError(error);
    });
    return () => {
      cancelled = true;
    };
  }, [open, range, version, flowId, store]);

  useEffect(() => () => store.getState().setAnalytics(null), [store]);

  return (
    <span className="analytics-control">
      <button type="button" className="button button-small" aria-pressed={open} title="Show on the canvas how many sessions took each path and where they ended" onClick={() => setOpen(!open)}>
        Analytics
      </button>
      {open && (
        <>
          <select aria-label="Analytics range" value={range} onChange={(event) => setRange(RANGES.find((preset) => preset === event.target.value) ?? "7d")}>
            {RANGES.map((preset) => (
              <option key={preset} value={preset}>
                {PRESET_TEXT[preset]}
              </option>
            ))}
          </select>
          <select aria-label="Analytics version" value={version} onChange={(event) => setVersion(event.target.value === "all" ? "all" : "live")}>
            <option value="live">Live version</option>
            <option value="all">All versions</option>
          </select>
          {on && <span className="muted small" role="status">Counting sessions</span>}
        </>
      )}
    </span>
  );
}
