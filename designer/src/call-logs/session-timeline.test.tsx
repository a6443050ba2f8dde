import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SessionTimeline } from "./session-timeline";
import { exampleVersion, recordSession } from "./testing/recorded-session";
import { timelineItems } from "./timeline";

/** Emoji and other pictographic symbols: what a machine without an emoji font draws as boxes. */
const PICTOGRAPHIC = /[\p{Extended_Pictographic}\p{So}\u{FE0F}\u{1D400}-\u{1D7FF}]/u;

describe("SessionTimeline", () => {
  it("draws each step's node type as an SVG icon, with no emoji in its text", () => {
    const session = recordSession(exampleVersion("support-line"), [
      { type: "speech", text: "billing" },
      { type: "transfer_result", result: "no_answer" },
    ]);
    const items = timelineItems(session, session.steps, session.documents);
    const markup = renderToStaticMarkup(<SessionTimeline items={items} flowName={(id) => id} selectedSeq={undefined} onSelect={() => undefined} />);
    const icons = [...markup.matchAll(/<span class="timeline-icon" aria-hidden="true"><svg [^>]*data-node-icon="([a-z_]+)"/g)].map((match) => match[1]);
    expect(icons).toEqual(["greeting", "timing", "menu", "menu", "transfer", "transfer", "hangup"]);
    expect(markup.replace(/<[^>]*>/g, "")).not.toMatch(PICTOGRAPHIC);
  });

  it("draws a step of a node type it does not know with the plain dot", () => {
    const session = recordSession(exampleVersion("support-line"), []);
    const items = timelineItems(session, session.steps, new Map()).map((item, index) => (index === 0 ? { ...item, nodeType: "retired_type" } : item));
    const markup = renderToStaticMarkup(<SessionTimeline items={items} flowName={(id) => id} selectedSeq={undefined} onSelect={() => undefined} />);
    expect([...markup.matchAll(/data-node-icon="([a-z_]+)"/g)].map((match) => match[1])).toEqual(["unknown", "timing", "menu"]);
  });
});
