import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { SaveState } from "../store/editor-state";
import { SaveStatusView } from "./save-status";

const render = (save: SaveState) => renderToStaticMarkup(<SaveStatusView save={save} readOnly={false} onRetry={() => undefined} />);

describe("SaveStatusView", () => {
  it("says why a save failed, in the text and not only in a tooltip", () => {
    const html = render({ status: "failed", message: "the flow has 2001 nodes; at most 2000 are allowed" });
    expect(html).toContain("Save failed");
    expect(html).toContain('<span class="save-status-detail"> · the flow has 2001 nodes; at most 2000 are allowed</span>');
  });

  it("says why an edit cannot be saved yet", () => {
    expect(render({ status: "dirty", message: "Too large to save: the flow has 8001 edges; at most 8000 are allowed" })).toContain(
      '<span class="save-status-detail"> · Too large to save: the flow has 8001 edges; at most 8000 are allowed</span>',
    );
  });
});
