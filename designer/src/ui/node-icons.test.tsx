import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { NODE_TYPES } from "../../../flow-schema/nodes/catalog";
import { NodeIcon } from "./node-icons";

/** Text between tags: what a font would have to draw. */
const textOf = (markup: string): string => markup.replace(/<[^>]*>/g, "");

describe("NodeIcon", () => {
  it.each(NODE_TYPES)("draws %s as a hidden inline SVG in the text colour, with no characters to draw", (type) => {
    const markup = renderToStaticMarkup(<NodeIcon type={type} size={16} />);
    expect(markup).toMatch(/^<svg [^>]*>.*<\/svg>$/s);
    expect(markup).toContain(`data-node-icon="${type}"`);
    expect(markup).toContain('viewBox="0 0 24 24"');
    expect(markup).toContain('width="16"');
    expect(markup).toContain('height="16"');
    expect(markup).toContain('stroke="currentColor"');
    expect(markup).toContain('aria-hidden="true"');
    expect(markup).not.toContain("role=");
    expect(markup).not.toContain("<title");
    expect(markup).toMatch(/<(path|circle|rect) /);
    expect(textOf(markup)).toBe("");
  });

  it("gives every node type its own drawing", () => {
    const drawings = NODE_TYPES.map((type) => renderToStaticMarkup(<NodeIcon type={type} />).replace(/ data-node-icon="[^"]*"/, ""));
    expect(new Set(drawings).size).toBe(NODE_TYPES.length);
  });

  it("is 18px unless told otherwise, and keeps a caller's class", () => {
    const markup = renderToStaticMarkup(<NodeIcon type="menu" className="extra" />);
    expect(markup).toContain('width="18"');
    expect(markup).toContain('class="node-icon extra"');
  });

  it("with a title, is an image named by that title", () => {
    const markup = renderToStaticMarkup(<NodeIcon type="transfer" title="Transfer to team" />);
    expect(markup).toContain('role="img"');
    expect(markup).not.toContain("aria-hidden");
    const labelledBy = /aria-labelledby="([^"]+)"/.exec(markup)?.[1];
    expect(labelledBy).toBeDefined();
    expect(markup).toContain(`<title id="${labelledBy}">Transfer to team</title>`);
    expect(textOf(markup)).toBe("Transfer to team");
  });

  it("draws a plain dot for a node type the catalog does not know (an old call log)", () => {
    const markup = renderToStaticMarkup(<NodeIcon type="fax_machine" />);
    expect(markup).toContain('data-node-icon="unknown"');
    expect(markup).toMatch(/<circle [^>]*r="4"/);
    expect(markup).toContain('aria-hidden="true"');
    expect(textOf(markup)).toBe("");
  });
});
