import type { ConfigReader } from "../config-reader";
import { toVariableName } from "../variable-name";

/** A `store_as`-like key as a Switchboard variable name; names that had to change are reported. */
export function readStoreAs(config: ConfigReader, key: string): string | undefined {
  const raw = config.string(key)?.trim();
  if (raw === undefined || raw === "") return undefined;
  const name = toVariableName(raw);
  if (name !== raw) {
    config.warn(`${key} "${raw}" is not a valid variable name; it is stored as vars.${name} (templates reading it were rewritten the same way)`, key);
  }
  return name;
}
