import { resolvePath } from "../../flow-schema/index";
import { toJsonValue } from "./json-value";
import type { Run } from "./run";
import type { JsonValue } from "./session-state";
import { templateScope } from "./template-scope";

const SINGLE_PLACEHOLDER = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*)\s*\}\}$/;

/**
 * A value template's result (set_variables, subflow inputs, return outputs): rendered text, except
 * that a lone placeholder keeps the number, boolean or object it names (`{{nodes.api.body}}`).
 */
export function templateValue(run: Run, template: string): JsonValue {
  const path = SINGLE_PLACEHOLDER.exec(template)?.[1];
  if (path !== undefined) {
    const value = toJsonValue(resolvePath(templateScope(run.state), path));
    if (value !== undefined && value !== null) return value;
  }
  return run.render(template);
}
