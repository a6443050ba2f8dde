import type { NodeMapper } from "../node-mapper";
import { requiredPrompt } from "../read-prompt";
import { readMenuOptions } from "./menu-options";

const DIGIT_CONDITION = /^digit:(.+)$/;

/** menu: options keyed by digit, timeout_seconds, max_retries. Outcomes `digit:N`, `timeout`, `max_retries`. */
export const menuMapper: NodeMapper = {
  type: "menu",
  data: (config) => ({
    prompt: requiredPrompt(config),
    options: readMenuOptions(config),
    timeoutSeconds: config.integer("timeout_seconds", { min: 1, max: 60 }),
    maxRetries: config.integer("max_retries", { min: 0, max: 10 }),
  }),
  handle: (condition) => {
    if (condition === "timeout" || condition === "max_retries") return condition;
    const digit = DIGIT_CONDITION.exec(condition)?.[1];
    return digit === undefined ? undefined : `option:${digit}`;
  },
};
