import { BaseEdge, type EdgeProps, getSmoothStepPath, useStore } from "@xyflow/react";
import { memo } from "react";
import type { CanvasEdge } from "../store/canvas-graph";

/**
 * Where an edge's label goes: on the segment leaving its handle, so that labels follow their
 * handles (edges that join into one target share their last segments, and their centres pile up)
 * and are never inside a node.
 */
export function labelPosition(source: { x: number; y: number }, target: { x: number; y: number }, centre: { x: number; y: number }): { x: number; y: number } {
  if (target.y - source.y >= 60) return { x: source.x, y: source.y + Math.min(24, (centre.y - source.y) / 2 + 6) };
  const x = Math.abs(centre.x - source.x) > 80 ? (source.x + centre.x) / 2 : source.x;
  return { x, y: source.y + 20 };
}

/** Below this zoom labels are unreadable: they are left out (which also spares measuring thousands of them). */
const LABEL_MIN_ZOOM = 0.45;

/** A right-angled edge labelled with its handle's label. */
function LabelledEdgeView({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, label, markerEnd, style, interactionWidth, labelStyle, labelBgPadding, labelBgBorderRadius }: EdgeProps<CanvasEdge>) {
  const showLabel = useStore((state) => state.transform[2] >= LABEL_MIN_ZOOM);
  const [path, centreX, centreY] = getSmoothStepPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition, borderRadius: 8 });
  const at = labelPosition({ x: sourceX, y: sourceY }, { x: targetX, y: targetY }, { x: centreX, y: centreY });
  return (
    <BaseEdge
      path={path}
      label={showLabel ? label : undefined}
      labelX={at.x}
      labelY={at.y}
      markerEnd={markerEnd}
      {...(style ? { style } : {})}
      {...(interactionWidth === undefined ? {} : { interactionWidth })}
      {...(labelStyle ? { labelStyle } : {})}
      {...(labelBgPadding ? { labelBgPadding } : {})}
      {...(labelBgBorderRadius === undefined ? {} : { labelBgBorderRadius })}
    />
  );
}

export const LabelledEdge = memo(LabelledEdgeView);
