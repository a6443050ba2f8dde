import { NodeIcon } from "../ui/node-icons";
import type { TimelineItem } from "./timeline";
import "./call-logs.css";

interface Props {
  items: readonly TimelineItem[];
  /** Flow names by id, for the "continued in" dividers. */
  flowName: (flowId: string) => string;
  selectedSeq: number | undefined;
  onSelect: (item: TimelineItem) => void;
}

/** The session's steps in order; choosing one centres its node on the canvas. */
export function SessionTimeline({ items, flowName, selectedSeq, onSelect }: Props) {
  if (items.length === 0) return <p className="muted">No steps yet: the session has not started.</p>;
  return (
    <ol className="timeline" aria-label="Timeline">
      {items.map((item) => (
        <li key={item.seq} className={`timeline-item timeline-${item.kind}`}>
          {item.newFlow && (
            <div className="timeline-divider">
              Continued in {flowName(item.flowId)} · {item.version === null ? "draft" : `v${item.version}`}
            </div>
          )}
          <button
            type="button"
            className="timeline-button"
            aria-current={item.seq === selectedSeq ? "step" : undefined}
            onClick={() => onSelect(item)}
            title={new Date(item.at).toLocaleString()}
          >
            <span className="timeline-offset">{item.offsetText}</span>
            <span className="timeline-icon" aria-hidden="true">
              <NodeIcon type={item.nodeType} size={16} />
            </span>
            <span className="timeline-main">
              <span className="timeline-node">
                {item.visit !== undefined && <span className="timeline-visit">{item.visit}</span>}
                <span className="strong">{item.label}</span> <span className="muted small">{item.typeTitle}</span>
              </span>
              <span className="timeline-outcome">
                → {item.outcomeText}
                {item.input !== null && (
                  <>
                    {" "}
                    <span className="muted">with</span> <q className="timeline-input">{item.input}</q>
                  </>
                )}
              </span>
            </span>
          </button>
        </li>
      ))}
    </ol>
  );
}
