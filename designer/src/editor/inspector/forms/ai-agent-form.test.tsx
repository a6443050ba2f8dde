import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FlowDocument } from "../../../../../flow-schema/document";
import leads from "../../../../../examples/lead-qualification.json";
import { NodeDetails } from "../../canvas/node-details";
import { FieldErrors } from "../field-errors";
import { AiAgentForm } from "./ai-agent-form";

const textOf = (markup: string): string => markup.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ");
const qualify = FlowDocument.parse(leads).nodes.find((node) => node.id === "qualify");

describe("the ai_agent in the designer (examples/lead-qualification.json)", () => {
  if (qualify?.type !== "ai_agent") throw new Error("lead-qualification has a qualify ai_agent");

  it("its card shows the provider, the tools and the fields it extracts", () => {
    const text = textOf(renderToStaticMarkup(<NodeDetails node={qualify} />));
    expect(text).toContain("openai · 12 turns");
    expect(text).toContain("tools: handoff, end");
    expect(text).toContain("extract: name, email, budget, score");
  });

  it("its inspector edits the instructions, a row per tool and per extract field, with the field's problems", () => {
    const errors = new FieldErrors([[["extract", "properties", "email"], "not a valid name"]]);
    const markup = renderToStaticMarkup(<AiAgentForm data={qualify.data} errors={errors} onChange={() => undefined} />);
    expect(markup).toContain("You are the sales assistant of Acme");
    expect(markup.match(/aria-label="Tool \d+"/g)).toHaveLength(2);
    expect(markup.match(/aria-label="Field [a-z]+"/g)).toEqual(['aria-label="Field name"', 'aria-label="Field email"', 'aria-label="Field budget"', 'aria-label="Field score"']);
    expect(textOf(markup)).toContain("not a valid name");
  });
});
