import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { AnalyticsTimeseries } from "../../../runtime/analytics/analytics-views";
import { channelColor } from "./channel-colors";

/**
 * Sessions started per hour or day, stacked by channel type: uPlot bars (each channel's series is
 * the running total up to it, drawn from the top one down so each shows as its own band).
 */
export function SessionsChart({ series, label }: { series: AnalyticsTimeseries; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (element === null) return;
    const xs = series.points.map((point) => Date.parse(point.start) / 1000);
    const stacked: number[][] = [];
    let running = series.points.map(() => 0);
    for (const type of series.channelTypes) {
      running = running.map((sum, index) => sum + (series.points[index]?.byChannelType[type] ?? 0));
      stacked.push(running);
    }
    const bars = uPlot.paths.bars?.({ size: [0.7, 48] });
    // The tallest running total first, so each lower band paints over it and shows as its own.
    const order = series.channelTypes.map((type, index) => ({ type, index })).reverse();
    const countAt = (type: string, at: number | null) => String(at === null ? "" : (series.points[at]?.byChannelType[type] ?? 0));
    const plot = new uPlot(
      {
        width: Math.max(element.clientWidth, 320),
        height: 240,
        cursor: { points: { show: false } },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        axes: [{}, { label: "Sessions" }],
        series: [
          { label: series.interval === "hour" ? "Hour" : "Day" },
          ...order.map(({ type, index }) => ({
            label: type,
            fill: channelColor(index),
            stroke: channelColor(index),
            points: { show: false },
            value: (_u: uPlot, _value: number | null, _series: number, at: number | null) => countAt(type, at),
            ...(bars === undefined ? {} : { paths: bars }),
          })),
        ],
      },
      [xs, ...order.map(({ index }) => stacked[index] ?? [])],
      element,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(element.clientWidth, 320), height: 240 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [series]);
  return <div ref={host} className="dashboard-chart" role="img" aria-label={label} />;
}
