import type { PlaceholderData } from "../../../../../flow-schema/nodes/placeholder";

/** A placeholder cannot be edited: it says what it was, what it will become, and shows the source as it was. */
export function PlaceholderForm({ data }: { data: PlaceholderData }) {
  return (
    <div className="placeholder-form">
      <p className="form-error" role="note">
        Not converted: {data.source} <code>{data.originalType}</code>. {data.reason}.
      </p>
      <p>
        {data.mapsTo === undefined
          ? "Switchboard has no node that does this. Replace this node by hand before publishing."
          : `It will become a ${data.mapsTo} node. Until then, replace it by hand before publishing.`}
      </p>
      {data.outcomes.length > 0 && <p className="muted">Its outcomes, kept with their edges: {data.outcomes.join(", ")}</p>}
      <details>
        <summary>The {data.source} source</summary>
        <pre className="flow-node-mono">{JSON.stringify(data.original, null, 2)}</pre>
      </details>
    </div>
  );
}
