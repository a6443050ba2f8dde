import { MenuKey, type MenuOption } from "../../../nodes/menu";
import { isRecord } from "../../is-record";
import type { ConfigReader } from "../config-reader";

const LABEL_KEYS = ["label", "text", "title", "name"] as const;

/**
 * A Whatomate menu's `options` object, keyed by digit ({"1": {"label": "Sales"}}), as Switchboard options.
 * Keys other than 0-9, * and # are dropped and reported.
 */
export function readMenuOptions(config: ConfigReader): Array<Omit<MenuOption, "say">> {
  const raw = config.raw("options");
  if (raw === undefined) {
    config.error("has no options", "options");
    return [];
  }
  if (!isRecord(raw)) {
    config.error('options should be an object keyed by digit, e.g. {"1": {"label": "Sales"}}; ignored', "options");
    return [];
  }
  const options: Array<Omit<MenuOption, "say">> = [];
  for (const [rawKey, value] of Object.entries(raw)) {
    const key = MenuKey.safeParse(rawKey.trim());
    if (!key.success) {
      config.error(`option key "${rawKey}" is not one of 0-9, * or #; the option is dropped`, "options", rawKey);
      continue;
    }
    options.push({ key: key.data, label: optionLabel(config, rawKey, value) });
  }
  return options;
}

function optionLabel(config: ConfigReader, rawKey: string, value: unknown): string {
  const fallback = `Option ${rawKey.trim()}`;
  let label: string | undefined;
  if (typeof value === "string") label = value;
  else if (isRecord(value)) {
    for (const key of LABEL_KEYS) {
      const candidate = value[key];
      if (typeof candidate === "string" && candidate.trim() !== "") {
        label = candidate;
        break;
      }
    }
  }
  const trimmed = label?.trim() ?? "";
  if (trimmed === "") {
    config.warn(`option ${rawKey} has no label; "${fallback}" is used`, "options", rawKey);
    return fallback;
  }
  if (trimmed.length > 100) {
    config.warn(`the label of option ${rawKey} is longer than 100 characters; it was shortened`, "options", rawKey);
    return trimmed.slice(0, 100).trim();
  }
  return trimmed;
}
