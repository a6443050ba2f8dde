import type { OfferDetails } from "../../../runtime/rooms/views";

type Path = OfferDetails["path"];

/** The nodes a customer went through, once each in a row (a menu waiting then answered is one stop). */
function stops(path: Path): Path {
  const result: Path = [];
  for (const step of path) {
    const last = result[result.length - 1];
    if (last?.nodeId === step.nodeId) result[result.length - 1] = step.outcome === "waiting" ? last : step;
    else result.push(step);
  }
  return result;
}

/** The flow path taken: a compact chain (offers) or a list with outcomes and inputs (the sidebar). */
export function FlowPath({ path, compact = false }: { path: Path; compact?: boolean }) {
  if (path.length === 0) return <p className="muted small">No flow path.</p>;
  const shown = stops(path);
  if (compact)
    return (
      <ol className="flow-chain" aria-label="Flow path">
        {shown.map((step, index) => (
          <li key={`${step.nodeId}-${index}`}>
            <code>{step.nodeId}</code>
            {step.input !== null && <span className="flow-input">“{step.input}”</span>}
          </li>
        ))}
      </ol>
    );
  return (
    <ol className="flow-steps" aria-label="Flow path">
      {shown.map((step, index) => (
        <li key={`${step.nodeId}-${index}`}>
          <div className="flow-step-head">
            <code>{step.nodeId}</code>
            <span className="muted small">{step.nodeType}</span>
          </div>
          {(step.outcome !== null || step.input !== null) && (
            <div className="small muted">
              {step.outcome !== null && <span>→ {step.outcome}</span>}
              {step.input !== null && <span className="flow-input">input “{step.input}”</span>}
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
