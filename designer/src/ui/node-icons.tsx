import { type ReactNode, useId } from "react";
import { isNodeType, type NodeType } from "../../../flow-schema/nodes/catalog";

/**
 * The strokes of each node type's icon, on a 24×24 grid (2px round strokes in currentColor).
 * Drawn here rather than taken from a font: emoji and rare symbols show as boxes where no font has them.
 */
const GLYPHS: Record<NodeType, ReactNode> = {
  // A speech bubble with two lines of text.
  greeting: (
    <>
      <path d="M4 5.5A1.5 1.5 0 0 1 5.5 4h13A1.5 1.5 0 0 1 20 5.5v9a1.5 1.5 0 0 1-1.5 1.5H10l-4.5 4v-4A1.5 1.5 0 0 1 4 14.5z" />
      <path d="M8 8.5h8M8 12h5" />
    </>
  ),
  // A list of choices.
  menu: (
    <>
      <path d="M9 6h11M9 12h11M9 18h11" />
      <circle cx="4.5" cy="6" r="1.4" fill="currentColor" stroke="none" />
      <circle cx="4.5" cy="12" r="1.4" fill="currentColor" stroke="none" />
      <circle cx="4.5" cy="18" r="1.4" fill="currentColor" stroke="none" />
    </>
  ),
  // A phone keypad.
  gather: (
    <>
      {[5, 10.5, 16].flatMap((y) =>
        [6, 12, 18].map((x) => <circle key={`${x}-${y}`} cx={x} cy={y} r="1.4" fill="currentColor" stroke="none" />),
      )}
      <circle cx="12" cy="21" r="1.4" fill="currentColor" stroke="none" />
    </>
  ),
  // A globe: a call to a web address.
  http: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M3 12h18" />
      <path d="M12 3c2.5 2.4 3.8 5.4 3.8 9s-1.3 6.6-3.8 9c-2.5-2.4-3.8-5.4-3.8-9S9.5 5.4 12 3z" />
    </>
  ),
  // A clock: opening hours.
  timing: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3.5 2" />
    </>
  ),
  // One way in, two ways out.
  condition: (
    <>
      <path d="M12 21v-6" />
      <path d="M12 15c0-3.5-6-4-6-9.5M12 15c0-3.5 6-4 6-9.5" />
      <path d="M3.5 7.5 6 5l2.5 2.5M15.5 7.5 18 5l2.5 2.5" />
    </>
  ),
  // {x}: a variable.
  set_variables: (
    <>
      <path d="M8 4H7a2 2 0 0 0-2 2v4l-2 2 2 2v4a2 2 0 0 0 2 2h1" />
      <path d="M16 4h1a2 2 0 0 1 2 2v4l2 2-2 2v4a2 2 0 0 1-2 2h-1" />
      <path d="m9.5 9 5 6M14.5 9l-5 6" />
    </>
  ),
  // A headset: a person at the agent desk.
  transfer: (
    <>
      <path d="M4 14v-2a8 8 0 0 1 16 0v2" />
      <rect x="3" y="13" width="4" height="6" rx="1.5" />
      <rect x="17" y="13" width="4" height="6" rx="1.5" />
      <path d="M19 19v.5a2.5 2.5 0 0 1-2.5 2.5H13" />
    </>
  ),
  // A handset with an arrow going out: dial an outside number.
  dial: (
    <>
      <path d="M5 4h3l1.5 4-2 1.5a11 11 0 0 0 5 5l1.5-2 4 1.5v3a2 2 0 0 1-2 2A15 15 0 0 1 3 6a2 2 0 0 1 2-2" />
      <path d="M15 3h6v6M21 3l-7 7" />
    </>
  ),
  // An arrow leaving for somewhere else.
  goto_flow: (
    <>
      <path d="M4 20v-6a5 5 0 0 1 5-5h11" />
      <path d="m15 4 5 5-5 5" />
    </>
  ),
  // A call into a box and back out: a subflow.
  subflow: (
    <>
      <rect x="8" y="6" width="12" height="12" rx="2" />
      <path d="M2 9h8M7 6l3 3-3 3" />
      <path d="M12 15H4M6.5 12.5 4 15l2.5 2.5" />
    </>
  ),
  // An arrow turning back: return to the calling flow.
  return: (
    <>
      <path d="M20 5v6a4 4 0 0 1-4 4H5" />
      <path d="m9 11-4 4 4 4" />
    </>
  ),
  // A handset put down.
  hangup: (
    <>
      <path d="M3 12v-1.5C3 7.9 7 5.5 12 5.5s9 2.4 9 5V12a1 1 0 0 1-1 1h-3a1 1 0 0 1-1-1V9.8c-1.3-.5-2.6-.8-4-.8s-2.7.3-4 .8V12a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1z" />
      <path d="M12 13v7.5M9.5 18l2.5 2.5 2.5-2.5" />
    </>
  ),
  // A chat bubble with a spark: a model answering.
  ai_agent: (
    <>
      <path d="M4 6.5A1.5 1.5 0 0 1 5.5 5H13M20 11v3.5a1.5 1.5 0 0 1-1.5 1.5H10l-4.5 4v-4A1.5 1.5 0 0 1 4 14.5V9" />
      <path d="M17.5 2.5l1 2.5 2.5 1-2.5 1-1 2.5-1-2.5-2.5-1 2.5-1z" />
    </>
  ),
  // A phone with a speech bubble leaving it: a message sent.
  send_message: (
    <>
      <rect x="3.5" y="6" width="9" height="15" rx="1.5" />
      <path d="M7 18h2" />
      <path d="M14 3.5h6.5v5H17l-2.5 2v-2H14z" />
    </>
  ),
  // A microphone: the caller is recorded.
  record: (
    <>
      <rect x="9" y="3.5" width="6" height="11" rx="3" />
      <path d="M5.5 11.5a6.5 6.5 0 0 0 13 0M12 18v2.5M9 20.5h6" />
    </>
  ),
  // A dashed box with a question mark: something still to be converted.
  placeholder: (
    <>
      <rect x="3.5" y="3.5" width="17" height="17" rx="2" strokeDasharray="3 2.5" />
      <path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .8-1 1.5v.7" />
      <circle cx="12" cy="17" r="1" fill="currentColor" stroke="none" />
    </>
  ),
};

/** For a node type the catalog does not know (an old call log, say): a plain dot. */
const UNKNOWN_GLYPH = <circle cx="12" cy="12" r="4" fill="currentColor" />;

interface Props {
  /** A node type; types the catalog does not know get a plain dot. */
  type: string;
  /** Pixels; 16–20 suits text beside it. */
  size?: number;
  /** Names the icon for assistive technology; leave out when text next to it already says the type (then it is hidden). */
  title?: string;
  className?: string;
}

/** A node type's icon as inline SVG in the text colour. */
export function NodeIcon({ type, size = 18, title, className }: Props) {
  const titleId = useId();
  const known = isNodeType(type);
  const named = title !== undefined;
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 24 24"
      width={size}
      height={size}
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      className={className === undefined ? "node-icon" : `node-icon ${className}`}
      data-node-icon={known ? type : "unknown"}
      aria-hidden={named ? undefined : true}
      role={named ? "img" : undefined}
      aria-labelledby={named ? titleId : undefined}
    >
      {named && <title id={titleId}>{title}</title>}
      {known ? GLYPHS[type] : UNKNOWN_GLYPH}
    </svg>
  );
}
