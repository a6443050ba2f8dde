import { isRecord } from "./is-record";

/** A copy of a plain object without its undefined-valued keys (so they do not linger after parsing); other values as they are. */
export function withoutUndefined(value: unknown): unknown {
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined));
}
