import { interpolate, replacePlaceholders, resolvePath, stringify, type TemplateScope } from "../../flow-schema/index";

const JSON_SCALAR = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)$/;

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A value standing where JSON expects a value: numbers, booleans, objects as JSON; text quoted. */
function jsonLiteral(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (typeof value === "string") return JSON_SCALAR.test(value) ? value : JSON.stringify(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  if (typeof value === "boolean") return String(value);
  return stringify(value) || "null";
}

/** Tracks whether the end of `text`, read from a state, is inside a JSON string. */
function scanStrings(text: string, state: { inString: boolean; escaped: boolean }): void {
  for (const char of text) {
    if (!state.inString) {
      if (char === '"') state.inString = true;
    } else if (state.escaped) {
      state.escaped = false;
    } else if (char === "\\") {
      state.escaped = true;
    } else if (char === '"') {
      state.inString = false;
    }
  }
}

/**
 * Renders an HTTP body template. When the template, with every placeholder replaced by `0`, is
 * valid JSON, the body is JSON: a placeholder inside a JSON string gets the value JSON-escaped
 * (quotes, backslashes, newlines), one standing as a value gets a JSON literal (numbers and
 * booleans as they are, text that is a JSON number / true / false / null as it is, other text
 * quoted, objects as JSON, missing as null). Otherwise the body is plain text, rendered as is.
 */
export function renderBody(template: string, scope: TemplateScope): { body: string; json: boolean } {
  if (!parses(replacePlaceholders(template, () => "0"))) return { body: interpolate(template, scope), json: false };
  const state = { inString: false, escaped: false };
  const body = replacePlaceholders(template, ({ path, before }) => {
    scanStrings(before, state);
    const value = resolvePath(scope, path);
    return state.inString ? JSON.stringify(stringify(value)).slice(1, -1) : jsonLiteral(value);
  });
  return { body, json: true };
}
