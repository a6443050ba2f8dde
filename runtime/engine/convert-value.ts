import type { JsonValue } from "./session-state";

type ValueType = "string" | "number" | "boolean" | "json";

/**
 * A value converted to a subflow input's or output's declared type, or undefined when it cannot be:
 * number from a number or numeric text, boolean from true/false (or the text "true"/"false"),
 * string from anything (objects as JSON), json as is.
 */
export function convertValue(value: JsonValue, type: ValueType): JsonValue | undefined {
  switch (type) {
    case "json":
      return value;
    case "string":
      return typeof value === "string" ? value : typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
    case "number": {
      if (typeof value === "number") return value;
      if (typeof value !== "string" || value.trim() === "") return undefined;
      const number = Number(value.trim());
      return Number.isFinite(number) ? number : undefined;
    }
    case "boolean": {
      if (typeof value === "boolean") return value;
      const text = typeof value === "string" ? value.trim().toLowerCase() : "";
      return text === "true" ? true : text === "false" ? false : undefined;
    }
  }
}
