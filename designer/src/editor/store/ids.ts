import type { NodeType } from "../../../../flow-schema/nodes/catalog";

const IDENTIFIER = /^[A-Za-z0-9_-]{1,64}$/;

/** Whether `id` is a valid node, edge or rule identifier. */
export function isIdentifier(id: string): boolean {
  return IDENTIFIER.test(id);
}

/** Makes `text` a valid identifier: other characters become '-', at most 64 long. */
export function toIdentifier(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 64);
  return cleaned === "" ? "x" : cleaned;
}

/** `base` if free, else `base-2`, `base-3`…, always a valid identifier. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  const root = toIdentifier(base);
  if (!taken.has(root)) return root;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${root.slice(0, 64 - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** A fresh node id for a node of `type`: `menu-1`, `menu-2`… */
export function newNodeId(type: NodeType, taken: ReadonlySet<string>): string {
  const root = type.replace(/_/g, "-");
  for (let n = 1; ; n++) {
    const candidate = `${root}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The conventional id of the edge on a handle: `welcome-next`, `main_menu-option-1`. */
export function edgeIdFor(source: string, handle: string, taken: ReadonlySet<string>): string {
  return uniqueId(`${source}-${handle}`, taken);
}
