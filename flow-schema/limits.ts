import { escapeSegment } from "./json-pointer";

/**
 * The size limits of a flow document, in one place: the API refuses a document over any of them on
 * every save, create and import (before parsing it as a flow), `validate()` reports them, and the
 * engine will not run a document over `maxNodes`.
 */
export const FLOW_LIMITS = Object.freeze({
  /** Nodes in a document. */
  maxNodes: 2000,
  /** Edges in a document: four per node on average (a menu with its options, timeout and retries has more, a greeting one). */
  maxEdges: 8000,
  /** Bytes of a request that carries a document (UTF-8 JSON, as sent): about three times a 2,000-node flow, pretty-printed. */
  maxBytes: 4 * 1024 * 1024,
  /** Characters in any one string or object key: the longest any field allows (a prompt, a template, a variable's value). */
  maxStringLength: 10_000,
});
export type FlowLimits = { readonly [K in keyof typeof FLOW_LIMITS]: number };
export type FlowLimitName = keyof FlowLimits;

/** The error code of each limit: the API's `error.code` and the diagnostic's `code`. */
export const LIMIT_CODES = Object.freeze({
  maxNodes: "too_many_nodes",
  maxEdges: "too_many_edges",
  maxBytes: "flow_too_large",
  maxStringLength: "string_too_long",
} as const);

export interface LimitViolation {
  code: (typeof LIMIT_CODES)[FlowLimitName];
  limit: FlowLimitName;
  max: number;
  actual: number;
  /** JSON pointer to the array, string or key at fault ("" for the whole document). */
  pointer: string;
  message: string;
}

const count = (n: number) => n.toLocaleString("en-US");
const megabytes = (bytes: number) => `${Number((bytes / 1024 / 1024).toFixed(1))} MB`;

/** The violation of `maxBytes` by a document of `bytes` bytes (`actual` left out when only "more than" is known). */
export function bytesViolation(bytes: number | undefined, max: number = FLOW_LIMITS.maxBytes): LimitViolation {
  return {
    code: LIMIT_CODES.maxBytes,
    limit: "maxBytes",
    max,
    actual: bytes ?? max + 1,
    pointer: "",
    message: `the flow document is ${bytes === undefined ? "larger than" : megabytes(bytes)}; at most ${megabytes(max)} (${count(max)} bytes) is allowed`,
  };
}

/**
 * The limits a parsed document (any JSON: ours, an older version, a Whatomate graph) goes over:
 * the top-level `nodes` and `edges` counts, then every string and key longer than `maxStringLength`,
 * at most `maxReports` in all. Linear in the document's size, iterative (any nesting depth), and it
 * stops at the `maxReports`-th problem, so it is cheap enough to run before anything else reads the document.
 */
export function findLimitViolations(doc: unknown, limits: FlowLimits = FLOW_LIMITS, maxReports = 20): LimitViolation[] {
  const out: LimitViolation[] = [];
  if (!isRecord(doc)) return out;
  for (const [key, limit, noun] of [
    ["nodes", "maxNodes", "nodes"],
    ["edges", "maxEdges", "edges"],
  ] as const) {
    const list = doc[key];
    if (Array.isArray(list) && list.length > limits[limit]) {
      out.push({
        code: LIMIT_CODES[limit],
        limit,
        max: limits[limit],
        actual: list.length,
        pointer: `/${key}`,
        message: `the flow has ${list.length} ${noun}; at most ${limits[limit]} are allowed`,
      });
    }
  }
  if (out.length >= maxReports) return out.slice(0, maxReports);
  findLongStrings(doc, limits.maxStringLength, maxReports - out.length, out);
  return out;
}

interface Frame {
  value: unknown;
  key: string | number;
  parent: Frame | undefined;
}

function pointerOf(frame: Frame, last?: string | number): string {
  const segments: Array<string | number> = last === undefined ? [] : [last];
  for (let at = frame; at?.parent !== undefined; at = at.parent) segments.push(at.key);
  return segments.reverse().map((segment) => `/${escapeSegment(segment)}`).join("");
}

function findLongStrings(root: Record<string, unknown>, max: number, room: number, out: LimitViolation[]): void {
  const reported = out.length + room;
  /** Reports a long string (at its pointer) or key (at its object's); true once enough are reported. */
  const tooLong = (pointer: string, length: number, what: string) => {
    out.push({
      code: LIMIT_CODES.maxStringLength,
      limit: "maxStringLength",
      max,
      actual: length,
      pointer,
      message: `${what} at ${pointer === "" ? "the top level" : pointer} has ${count(length)} characters; at most ${count(max)} are allowed`,
    });
    return out.length >= reported;
  };
  const stack: Frame[] = [{ value: root, key: "", parent: undefined }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const { value } = frame;
    const children: Iterable<[string | number, unknown]> = Array.isArray(value) ? value.entries() : isRecord(value) ? Object.entries(value) : [];
    for (const [key, child] of children) {
      if (typeof key === "string" && key.length > max && tooLong(pointerOf(frame), key.length, "a key")) return;
      if (typeof child === "string") {
        if (child.length > max && tooLong(pointerOf(frame, key), child.length, "the string")) return;
      } else if (typeof child === "object" && child !== null) {
        stack.push({ value: child, key, parent: frame });
      }
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
