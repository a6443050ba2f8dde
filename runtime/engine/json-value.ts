import { type JsonValue, JsonValue as JsonValueSchema } from "./session-state";

/** `value` as a JSON value, or undefined when it is not one (functions, undefined, NaN…). */
export function toJsonValue(value: unknown): JsonValue | undefined {
  const parsed = JsonValueSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
