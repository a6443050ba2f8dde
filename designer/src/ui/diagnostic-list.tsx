import type { Diagnostic } from "../../../flow-schema/validate/diagnostic";

/** Diagnostics as a list, errors first, with where they are. */
export function DiagnosticList({ diagnostics, onSelect }: { diagnostics: readonly Diagnostic[]; onSelect?: (diagnostic: Diagnostic) => void }) {
  if (diagnostics.length === 0) return <p className="muted">No problems found.</p>;
  return (
    <ul className="diagnostics">
      {diagnostics.map((d, index) => (
        <li key={`${d.code}-${d.path ?? ""}-${index}`} className={`diagnostic diagnostic-${d.severity}`}>
          {onSelect ? (
            <button type="button" className="diagnostic-button" onClick={() => onSelect(d)}>
              <DiagnosticText diagnostic={d} />
            </button>
          ) : (
            <DiagnosticText diagnostic={d} />
          )}
        </li>
      ))}
    </ul>
  );
}

function DiagnosticText({ diagnostic: d }: { diagnostic: Diagnostic }) {
  return (
    <>
      <span className={`badge badge-${d.severity}`}>{d.severity}</span> <code>{d.code}</code> {d.message}
      {d.nodeId && <span className="muted"> · node {d.nodeId}</span>}
    </>
  );
}
