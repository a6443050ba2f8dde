import { z } from "zod";
import { toPointer } from "../../json-pointer";
import { isRecord } from "../is-record";
import { MigrationError } from "../migration-error";

/** Studio leaves out what is empty, and a few exporters write null: treat null like absent. */
const nullable = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);

/** One condition of a `match` transition of a split-based-on: `{friendly_name, arguments, type, value}`. */
export const StudioCondition = z.looseObject({
  friendly_name: nullable(z.string()),
  arguments: nullable(z.array(z.unknown())),
  type: nullable(z.string()),
  value: nullable(z.unknown()),
});
export type StudioCondition = z.infer<typeof StudioCondition>;

/** A transition: the `event` a widget produced and the widget it leads to (`next`, absent when unconnected). */
export const StudioTransition = z.looseObject({
  event: z.string(),
  next: nullable(z.string()),
  conditions: nullable(z.array(StudioCondition)),
});
export type StudioTransition = z.infer<typeof StudioTransition>;

/** A widget (Studio calls it a state): its name, type, transitions and properties. */
export const StudioState = z.looseObject({
  name: z.string().min(1, "a widget needs a name"),
  type: z.string().min(1, "a widget needs a type"),
  transitions: nullable(z.array(StudioTransition)).transform((transitions) => transitions ?? []),
  properties: nullable(z.record(z.string(), z.unknown())).transform((properties) => properties ?? {}),
});
export type StudioState = z.infer<typeof StudioState>;

/** A Studio flow definition, as the Studio API and the canvas's export give it. */
export const StudioFlow = z.looseObject({
  description: nullable(z.string()),
  states: z.array(StudioState).min(1, "a Studio flow needs at least one widget"),
  initial_state: z.string(),
  flags: nullable(z.record(z.string(), z.unknown())),
});
export type StudioFlow = z.infer<typeof StudioFlow>;

/**
 * Reads the structure of a Studio flow definition (widget properties are mapped leniently later).
 * Throws a MigrationError naming the first field that is wrong.
 */
export function readStudioFlow(input: unknown): StudioFlow {
  if (!isRecord(input)) throw new MigrationError("a Twilio Studio flow definition must be a JSON object", "");
  const parsed = StudioFlow.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const pointer = toPointer(issue?.path ?? []);
  throw new MigrationError(`${pointer.slice(1) || "flow"}: ${issue?.message ?? "not a Twilio Studio flow definition"}`, pointer);
}
