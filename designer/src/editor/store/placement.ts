import type { Size, XY } from "./flow-types";

export interface Rect extends XY, Size {}

/** The size assumed for a node not measured yet. */
export const DEFAULT_NODE_SIZE: Size = { width: 260, height: 140 };
const GAP = 24;
const STEP = 40;

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width + GAP && b.x < a.x + a.width + GAP && a.y < b.y + b.height + GAP && b.y < a.y + a.height + GAP;
}

/**
 * Where to put a new node of `size` whose centre should be near `centre`: the nearest spot, on
 * rings of growing distance, that overlaps no existing node. Returns the top-left corner.
 */
export function freeSpot(centre: XY, size: Size, taken: readonly Rect[]): XY {
  const origin = { x: Math.round(centre.x - size.width / 2), y: Math.round(centre.y - size.height / 2) };
  const fits = (spot: XY) => !taken.some((rect) => overlaps({ ...spot, ...size }, rect));
  if (fits(origin)) return origin;
  for (let ring = 1; ring <= 60; ring++) {
    const candidates: XY[] = [];
    for (let i = -ring; i <= ring; i++) {
      candidates.push({ x: i, y: -ring }, { x: i, y: ring });
      if (i !== -ring && i !== ring) candidates.push({ x: -ring, y: i }, { x: ring, y: i });
    }
    candidates.sort((a, b) => Math.hypot(a.x, a.y) - Math.hypot(b.x, b.y));
    for (const offset of candidates) {
      const spot = { x: origin.x + offset.x * STEP, y: origin.y + offset.y * STEP };
      if (fits(spot)) return spot;
    }
  }
  return origin;
}
