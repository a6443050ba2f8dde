import { z } from "zod";

/** Identifiers of nodes, edges, rules: safe in handles (`match:<id>`) and template paths. */
export const Identifier = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "use 1-64 letters, digits, '_' or '-'");

/** A flow id: also used in URLs and file names. */
export const FlowId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, "use 1-100 letters, digits, '_', '.' or '-', starting with a letter or digit");

/** A variable name, as read by `{{vars.<name>}}`. */
export const VariableName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "use a letter or '_' then letters, digits or '_' (at most 64)")
  .refine((name) => name !== "__proto__", "__proto__ cannot be a variable name");

/** A string that may contain `{{path}}` placeholders. */
export const Template = z.string().max(10_000);

/** A BCP 47 language tag such as `en-US`. */
export const LanguageTag = z
  .string()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "use a BCP 47 language tag such as en-US");

export const Position = z.strictObject({
  x: z.number().finite(),
  y: z.number().finite(),
});

/** The kinds of channel a node can run on. */
export const ChannelKind = z.enum(["voice", "chat"]);
export type ChannelKind = z.infer<typeof ChannelKind>;

export const Seconds = (min: number, max: number, fallback: number) =>
  z.number().int().min(min).max(max).default(fallback);

/** A declared variable's value: text, a number or true/false. */
export const VariableValue = z.union([z.string().max(10_000), z.number().finite(), z.boolean()]);
