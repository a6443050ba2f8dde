import { z } from "zod";
import { bothChannels, defineNode, noPatterns, noTemplates, noWrites, truncate } from "./node-definition";

/** What an outcome of the source widget is called; it stays a handle so its edge is kept. */
const OutcomeName = z.string().regex(/^[A-Za-z0-9_:-]{1,80}$/, "use 1-80 letters, digits, '_', ':' or '-'");

/**
 * A node an import could not convert yet: a widget whose Switchboard node type does not exist
 * (Studio's send-message before `send_message`), or a widget type nobody knows. It keeps the
 * source widget as it was, so the flow opens on the canvas with its shape and edges, and a later
 * conversion (or a person) can replace it. The validator reports it as an error, so a flow with
 * one cannot be published, and the engine ends a session that reaches it.
 */
export const PlaceholderData = z.strictObject({
  source: z.string().trim().min(1).max(100).describe("Where it was imported from, e.g. Twilio Studio"),
  originalType: z.string().trim().min(1).max(100).describe("The source's type for it, e.g. send-message"),
  mapsTo: z.string().trim().min(1).max(100).optional().describe("The node type it will become once Switchboard has it, e.g. send_message"),
  reason: z.string().trim().min(1).max(1000).describe("Why it could not be converted"),
  outcomes: z.array(OutcomeName).max(30).default([]).describe("The source's outcomes, kept as handles so their edges survive"),
  // unknown, not z.json(): a recursive schema would stop the OpenAPI generator
  original: z.record(z.string(), z.unknown()).describe("The source widget as it was"),
});
export type PlaceholderData = z.infer<typeof PlaceholderData>;

export const placeholderNode = defineNode({
  type: "placeholder",
  title: "Not converted",
  description: "Something an import could not convert yet; replace it before publishing.",
  data: PlaceholderData,
  starter: () => ({ source: "import", originalType: "unknown", reason: "placed by hand", outcomes: ["next"], original: {} }),
  outputs: (data) => data.outcomes.map((outcome) => ({ id: outcome, label: outcome })),
  terminal: false,
  waitsForInput: false,
  channels: bothChannels,
  templates: noTemplates,
  writes: noWrites,
  patterns: noPatterns,
  // Its outcomes are the source's; which of them are connected says nothing about this flow.
  optionalHandle: () => true,
  check: (data) => [
    {
      code: "placeholder_node",
      message: `${data.source} ${data.originalType} was not converted${data.mapsTo === undefined ? "" : ` (it will become a ${data.mapsTo} node)`}: ${data.reason}; replace it before publishing`,
      pointer: "/originalType",
    },
  ],
  summary: (data) => truncate(`${data.originalType}${data.mapsTo === undefined ? "" : ` → ${data.mapsTo}`}: not converted`),
});
