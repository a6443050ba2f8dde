import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FlowDocument } from "../../../../flow-schema/document";
import parent from "../../../../examples/callback-request.json";
import child from "../../../../examples/callback-number.json";
import { NodeDetails } from "./node-details";

const textOf = (markup: string): string => markup.replace(/<[^>]*>/g, "");
const node = (document: unknown, id: string) => {
  const found = FlowDocument.parse(document).nodes.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no node ${id}`);
  return found;
};

describe("node cards of subflows", () => {
  it("a subflow card names the called flow, its inputs and where its outputs go", () => {
    const text = textOf(renderToStaticMarkup(<NodeDetails node={node(parent, "get_number")} />));
    expect(text).toContain("Calls callback-number");
    expect(text).toContain("in: reason");
    expect(text).toContain("phone → vars.callback_number");
  });

  it("a pinned subflow card shows the version, a return card its outcome and outputs", () => {
    const pinned = node(parent, "get_number");
    if (pinned.type !== "subflow") throw new Error("not a subflow");
    expect(textOf(renderToStaticMarkup(<NodeDetails node={{ ...pinned, data: { ...pinned.data, version: 4 } }} />))).toContain("Calls callback-number v4");
    const text = textOf(renderToStaticMarkup(<NodeDetails node={node(child, "use_caller_id")} />));
    expect(text).toContain("Returns confirmed");
    expect(text).toContain("phone = {{caller.phone}}");
  });
});
