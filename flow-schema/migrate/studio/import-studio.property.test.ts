import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FlowDocument } from "../../document";
import { ImportIssue } from "../import-issue";
import { MigrationError } from "../migration-error";
import { importStudio } from "./import-studio";

const NUM_RUNS = Number(process.env.FLOW_PROPERTY_RUNS ?? 200);
const fixtures = ["acme-ivr.json", "appointment-sms.json", "not-yet-converted.json"].map((name) => ({
  name,
  flow: JSON.parse(readFileSync(new URL(`../../../examples/studio/${name}`, import.meta.url), "utf8")) as { states: Array<Record<string, unknown>> },
}));

/** Converts, and checks what every caller relies on: a valid document and well-formed issues, or a MigrationError. */
function check(input: unknown): void {
  try {
    const { document, issues } = importStudio(input);
    expect(FlowDocument.safeParse(document).success).toBe(true);
    for (const issue of issues) expect(ImportIssue.safeParse(issue).success).toBe(true);
  } catch (error) {
    expect(error).toBeInstanceOf(MigrationError);
  }
}

describe("importStudio on whatever a Studio export may hold", () => {
  it.each(fixtures)("never throws anything but a MigrationError on random properties and transitions of $name", ({ flow }) => {
    const transition = fc.record({ event: fc.constantFrom("next", "match", "noMatch", "keypress", "timeout", "success", "failed", "x y", ""), next: fc.option(fc.constantFrom(...flow.states.map((state) => String(state.name)), "missing"), { nil: undefined }), conditions: fc.option(fc.array(fc.dictionary(fc.constantFrom("type", "value", "arguments", "friendly_name"), fc.jsonValue()), { maxLength: 3 }), { nil: undefined }) }, { requiredKeys: ["event"] });
    fc.assert(
      fc.property(fc.nat(flow.states.length - 1), fc.dictionary(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 3 })), fc.array(transition, { maxLength: 5 }), (index, properties, transitions) => {
        const states = flow.states.map((state, at) => (at === index ? { ...state, properties: { ...(state.properties as object), ...properties }, transitions } : state));
        check({ ...flow, states });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("never throws anything but a MigrationError on random JSON", () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => check(value)), { numRuns: NUM_RUNS });
  });
});
