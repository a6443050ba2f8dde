import type { FlowDocument } from "../../../flow-schema/document";
import { sessionStateView, valueText } from "./session-state";
import "./call-logs.css";

/** Variables at the end of the session, and the results the nodes of its last flow left. */
export function SessionStatePanel({ state, lastDocument }: { state: unknown; lastDocument: FlowDocument | undefined }) {
  const view = sessionStateView(state);
  const vars = Object.entries(view.vars);
  const nodes = Object.entries(view.nodes);
  const nodeLabel = (id: string) => lastDocument?.nodes.find((node) => node.id === id)?.label ?? id;
  return (
    <>
      <section className="session-panel" aria-labelledby="session-vars-title">
        <h2 id="session-vars-title">Variables</h2>
        {vars.length === 0 ? (
          <p className="muted small">No variables.</p>
        ) : (
          <table className="kv-table">
            <tbody>
              {vars.map(([name, value]) => (
                <tr key={name}>
                  <th scope="row">
                    <code>{name}</code>
                  </th>
                  <td>
                    <pre className="kv-value">{valueText(value)}</pre>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="session-panel" aria-labelledby="session-nodes-title">
        <h2 id="session-nodes-title">Node results</h2>
        {nodes.length === 0 ? (
          <p className="muted small">No node results (menus, gathers and HTTP callbacks leave them; a goto_flow starts afresh).</p>
        ) : (
          <table className="kv-table">
            <tbody>
              {nodes.map(([id, value]) => (
                <tr key={id}>
                  <th scope="row">
                    {nodeLabel(id)}
                    {nodeLabel(id) !== id && <div className="muted small">{id}</div>}
                  </th>
                  <td>
                    <pre className="kv-value">{valueText(value)}</pre>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
