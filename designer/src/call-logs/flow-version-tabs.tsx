import { type FlowVersionRef, versionText } from "./flow-version-ref";
import "./call-logs.css";

interface Props {
  versions: readonly FlowVersionRef[];
  active: string;
  flowName: (flowId: string) => string;
  onSelect: (key: string) => void;
}

/** One tab per flow version the session ran on, in the order it reached them. */
export function FlowVersionTabs({ versions, active, flowName, onSelect }: Props) {
  return (
    <div className="version-tabs" role="tablist" aria-label="Flow versions">
      {versions.map((ref, index) => (
        <button
          key={ref.key}
          type="button"
          role="tab"
          id={`version-tab-${index}`}
          aria-selected={ref.key === active}
          aria-controls="path-canvas-panel"
          className="version-tab"
          onClick={() => onSelect(ref.key)}
        >
          {versions.length > 1 && <span className="version-tab-order">{index + 1}</span>}
          {flowName(ref.flowId)} · {versionText(ref.version)}
        </button>
      ))}
    </div>
  );
}
