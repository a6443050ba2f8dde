import { createHash } from "node:crypto";

/**
 * JSON with object keys sorted (by UTF-16 code unit, at every depth) and no whitespace, so that the
 * same content always gives the same text whatever order its keys were written in. Array order is
 * kept; as with JSON.stringify, `toJSON` is honoured, keys holding undefined, functions or symbols
 * are left out, and non-finite numbers become null.
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? "null";
}

/** sha256 (hex) of the canonical JSON of a value: the content hash of a flow document. */
export function contentHash(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}

function write(value: unknown): string | undefined {
  const plain = hasToJson(value) ? value.toJSON() : value;
  if (plain === null) return "null";
  switch (typeof plain) {
    case "string":
    case "boolean":
      return JSON.stringify(plain);
    case "number":
      return Number.isFinite(plain) ? JSON.stringify(plain) : "null";
    case "bigint":
      throw new TypeError("cannot serialise a bigint as JSON");
    case "object":
      return Array.isArray(plain) ? writeArray(plain) : writeObject(plain);
    default:
      return undefined;
  }
}

function writeArray(items: readonly unknown[]): string {
  return `[${items.map((item) => write(item) ?? "null").join(",")}]`;
}

function writeObject(record: object): string {
  const parts: string[] = [];
  for (const [key, inner] of Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const text = write(inner);
    if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${parts.join(",")}}`;
}

function hasToJson(value: unknown): value is { toJSON: () => unknown } {
  return typeof value === "object" && value !== null && "toJSON" in value && typeof value.toJSON === "function";
}
