/** RFC 6901 JSON pointers. */

export function escapeSegment(segment: string | number): string {
  return String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
}

export function toPointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((segment) => `/${escapeSegment(typeof segment === "symbol" ? String(segment.description) : segment)}`).join("");
}
