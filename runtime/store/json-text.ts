/** A value that JSON can carry. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Serialises a value the store keeps as JSON text; refuses what JSON cannot carry at the top level. */
export function toJsonText(value: unknown): string {
  const text = JSON.stringify(value);
  if (typeof text !== "string") throw new TypeError(`cannot store ${typeof value} as JSON`);
  return text;
}

/** Reads JSON text the store wrote. */
export function fromJsonText(text: string): JsonValue {
  return JSON.parse(text);
}
