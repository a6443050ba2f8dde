/** How a value reads: text as is, anything else as JSON. */
const show = (value: unknown): string => (typeof value === "string" ? (value === "" ? "(empty)" : value) : JSON.stringify(value));

/** The variables the flow gathered (`vars.*`), at most `limit` of them. */
export function VariablesList({ variables, limit }: { variables: Record<string, unknown>; limit?: number }) {
  const entries = Object.entries(variables);
  if (entries.length === 0) return <p className="muted small">No variables gathered.</p>;
  const shown = limit === undefined ? entries : entries.slice(0, limit);
  return (
    <dl className="console-vars" aria-label="Variables">
      {shown.map(([name, value]) => (
        <div key={name}>
          <dt>
            <code>{name}</code>
          </dt>
          <dd>{show(value)}</dd>
        </div>
      ))}
      {shown.length < entries.length && <p className="muted small">+{entries.length - shown.length} more</p>}
    </dl>
  );
}
