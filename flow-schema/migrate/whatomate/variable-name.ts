import { VariableName } from "../../primitives";

/**
 * The Switchboard variable name for a Whatomate one: characters other than letters, digits and '_'
 * become '_', a leading digit gets a '_' before it, and the result is cut at 64 characters.
 * Deterministic, so `store_as` and the templates that read it agree without a lookup table.
 */
export function toVariableName(name: string): string {
  if (VariableName.safeParse(name).success) return name;
  const cleaned = name.trim().replace(/[^A-Za-z0-9_]/g, "_");
  const started = /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
  return started.slice(0, 64);
}
