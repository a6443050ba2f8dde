import type { NodeMapper } from "../node-mapper";
import { handleTable } from "../node-mapper";
import { requiredPrompt } from "../read-prompt";
import { toVariableName } from "../variable-name";
import { readStoreAs } from "./store-as";

const TERMINATORS: ReadonlySet<unknown> = new Set(["#", "*", ""]);

/**
 * gather: max_digits, min_digits, terminator, timeout_seconds, max_retries, store_as.
 * Outcomes `default` (digits collected) → next, `timeout`, `max_retries`.
 */
export const gatherMapper: NodeMapper = {
  type: "gather",
  data: (config) => {
    const maxDigits = config.integer("max_digits", { min: 1, max: 64 });
    let minDigits = config.integer("min_digits", { min: 1, max: 64 });
    if (minDigits !== undefined && minDigits > (maxDigits ?? 10)) {
      config.warn(`min_digits ${minDigits} is more than max_digits ${maxDigits ?? 10}; min_digits is set to ${maxDigits ?? 10}`, "min_digits");
      minDigits = maxDigits ?? 10;
    }
    const terminator = config.raw("terminator");
    if (terminator !== undefined && !TERMINATORS.has(terminator)) {
      config.warn(`terminator ${JSON.stringify(terminator)} is not "#", "*" or ""; "#" is used`, "terminator");
    }
    let storeAs = readStoreAs(config, "store_as");
    if (storeAs === undefined) {
      storeAs = toVariableName(`${config.owner.id}_digits`);
      config.warn(`has no store_as; the digits are stored in vars.${storeAs}`, "store_as");
    }
    return {
      prompt: requiredPrompt(config),
      maxDigits,
      minDigits,
      terminator: typeof terminator === "string" && TERMINATORS.has(terminator) ? terminator : undefined,
      timeoutSeconds: config.integer("timeout_seconds", { min: 1, max: 60 }),
      maxRetries: config.integer("max_retries", { min: 0, max: 10 }),
      storeAs,
    };
  },
  handle: handleTable({ timeout: "timeout", max_retries: "max_retries" }),
};
