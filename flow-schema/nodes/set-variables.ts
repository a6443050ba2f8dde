import { z } from "zod";
import { Template, VariableName } from "../primitives";
import { bothChannels, defineNode, everyHandleExpected, noPatterns, truncate, noProblems } from "./node-definition";

export const Assignment = z.strictObject({
  name: VariableName.describe("Variable to set: vars.<name>"),
  value: Template.describe("Value template, e.g. {{caller.phone}} or a literal"),
});

export const SetVariablesData = z.strictObject({
  assignments: z.array(Assignment).min(1).max(100).describe("Applied in order; later ones see earlier ones"),
});
export type SetVariablesData = z.infer<typeof SetVariablesData>;

export const setVariablesNode = defineNode({
  type: "set_variables",
  title: "Set variables",
  description: "Store values in variables for later nodes and agents.",
  data: SetVariablesData,
  starter: () => ({ assignments: [{ name: "topic", value: "billing" }] }),
  outputs: () => [{ id: "next", label: "Next" }],
  terminal: false,
  waitsForInput: false,
  channels: bothChannels,
  templates: (data) => data.assignments.map((assignment, index) => ({ pointer: `/assignments/${index}/value`, template: assignment.value })),
  writes: (data) => data.assignments.map((assignment) => assignment.name),
  patterns: noPatterns,
  optionalHandle: everyHandleExpected,
  check: noProblems,
  summary: (data) => truncate(data.assignments.map((assignment) => `${assignment.name} = ${assignment.value}`).join(", ")),
});
