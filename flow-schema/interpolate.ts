/**
 * Templates: `{{caller.phone}}`, `{{vars.account_number}}`, `{{nodes.lookup.body.balance}}`.
 * One implementation, used by the engine, the validator and the designer's preview.
 */

/** A placeholder: `{{ root.segment.segment }}`, spaces allowed inside the braces. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*)\s*\}\}/g;

/** One placeholder found in a template. */
export interface Placeholder {
  /** The dotted path inside the braces. */
  path: string;
  /** Where the placeholder starts in the template. */
  offset: number;
  /** The text between the previous placeholder (or the start) and this one. */
  before: string;
}

/**
 * Rebuilds a template, asking `replace` for the text of each placeholder in order.
 * Everything that renders templates (interpolate, the engine's JSON bodies and URLs) goes through it.
 */
export function replacePlaceholders(template: string, replace: (placeholder: Placeholder) => string): string {
  if (!template.includes("{{")) return template;
  let out = "";
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const offset = match.index;
    const before = template.slice(last, offset);
    out += before + replace({ path: match[1] ?? "", offset, before });
    last = offset + match[0].length;
  }
  return out + template.slice(last);
}

/** The values a template can read. Roots: caller, call, channel, flow, vars, nodes. */
export type TemplateScope = Readonly<Record<string, unknown>>;

export interface InterpolateOptions {
  /** Applied to each substituted value, e.g. encodeURIComponent for URLs. */
  encode?: (value: string) => string;
}

/** Renders a template. Missing values render empty; they never throw. */
export function interpolate(template: string, scope: TemplateScope, options: InterpolateOptions = {}): string {
  return replacePlaceholders(template, ({ path }) => {
    const text = stringify(resolvePath(scope, path));
    return options.encode ? options.encode(text) : text;
  });
}

/** Looks a dotted path up in the scope; array items by index (`items.0.name`). */
export function resolvePath(scope: TemplateScope, path: string): unknown {
  let current: unknown = scope;
  for (const segment of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(segment)) return undefined;
      current = current[Number(segment)];
    } else {
      if (!Object.hasOwn(current, segment)) return undefined;
      current = Reflect.get(current, segment);
    }
  }
  return current;
}

/** How a value looks inside text: objects as JSON, nothing as "". */
export function stringify(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}

/** The paths a template reads, in order, each once: `["vars.account_number", "caller.phone"]`. */
export function templateVariables(template: string): string[] {
  if (!template.includes("{{")) return [];
  const paths = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) if (match[1] !== undefined) paths.add(match[1]);
  return [...paths];
}

/** Text between `{{` and `}}` that is not a valid placeholder, e.g. `{{ vars account }}` or an unclosed `{{`. */
export function templateSyntaxProblems(template: string): string[] {
  if (!template.includes("{{")) return [];
  const problems: string[] = [];
  const rest = template.replace(PLACEHOLDER, "");
  for (const match of rest.matchAll(/\{\{([^}]*)(\}\})?/g)) {
    problems.push(match[2] === undefined ? `unclosed "{{${match[1] ?? ""}"` : `"{{${match[1] ?? ""}}}" is not a variable path`);
  }
  return problems;
}
