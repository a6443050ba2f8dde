/** How a value reads in the variables panel: text as is, anything else as JSON. */
export function formatValue(value: unknown): string {
  if (typeof value === "string") return value === "" ? "(empty)" : value;
  if (value === undefined) return "(unset)";
  return JSON.stringify(value);
}

function Entries({ title, prefix, values }: { title: string; prefix: string; values: Record<string, unknown> }) {
  const entries = Object.entries(values);
  return (
    <>
      <h4>{title}</h4>
      {entries.length === 0 ? (
        <p className="muted small">None yet.</p>
      ) : (
        <dl className="sim-vars">
          {entries.map(([name, value]) => (
            <div key={name} className="sim-var">
              <dt>
                <code>
                  {prefix}
                  {name}
                </code>
              </dt>
              <dd>{formatValue(value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </>
  );
}

/** The session's variables and node results, as templates name them. */
export function VariablesView({ variables, nodes }: { variables: Record<string, unknown>; nodes: Record<string, unknown> }) {
  return (
    <section className="sim-variables" aria-label="Variables">
      <Entries title="Variables" prefix="vars." values={variables} />
      <Entries title="Node results" prefix="nodes." values={nodes} />
    </section>
  );
}
