import { Identifier } from "../../primitives";

const MAX_LENGTH = 64;

/** Turns any text into an Identifier: runs of other characters become '-', cut at 64; `fallback` when nothing is left. */
export function toIdentifier(raw: string, fallback: string): string {
  if (Identifier.safeParse(raw).success) return raw;
  const cleaned = raw
    .trim()
    .replace(/[^A-Za-z0-9_-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_LENGTH);
  return cleaned === "" ? fallback : cleaned;
}

/** Hands out identifiers that are unique within one namespace (node ids, edge ids). */
export class UniqueIds {
  private readonly taken = new Set<string>();

  /** Claims `id` as it is; false when it is taken already. */
  reserve(id: string): boolean {
    if (this.taken.has(id)) return false;
    this.taken.add(id);
    return true;
  }

  /** A free identifier derived from `raw`: itself when free, else with `-2`, `-3`… appended. */
  allocate(raw: string, fallback = "id"): string {
    const base = toIdentifier(raw, fallback);
    if (this.reserve(base)) return base;
    for (let n = 2; ; n++) {
      const suffix = `-${n}`;
      const candidate = `${base.slice(0, MAX_LENGTH - suffix.length)}${suffix}`;
      if (this.reserve(candidate)) return candidate;
    }
  }
}
