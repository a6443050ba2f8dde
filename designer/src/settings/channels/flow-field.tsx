import type { FlowSummary } from "../../flows/flows-api";
import { Link } from "../../router/link";
import { FormField } from "./form-field";

/** The flow a channel runs (its published version), warning when it has none yet. */
export function FlowField({ flows, value, error, onChange }: { flows: FlowSummary[] | undefined; value: string; error: string | undefined; onChange: (flowId: string) => void }) {
  const chosen = flows?.find((flow) => flow.id === value);
  const editor = chosen ? <Link href={`/designer/flows/${encodeURIComponent(chosen.id)}`}>Open “{chosen.name}” in the designer</Link> : null;
  return (
    <>
      <FormField label="Flow" help="Conversations on this channel run the flow's published version." error={error}>
        {(field) => (
          <select {...field} value={value} disabled={flows === undefined} onChange={(event) => onChange(event.target.value)}>
            <option value="">{flows === undefined ? "Loading flows…" : "Choose a flow…"}</option>
            {flows?.map((flow) => (
              <option key={flow.id} value={flow.id}>
                {flow.name}
                {flow.publishedVersion === null ? " (not published)" : ` (v${flow.publishedVersion})`}
              </option>
            ))}
          </select>
        )}
      </FormField>
      {chosen?.publishedVersion === null && (
        <p className="settings-warning" role="note">
          “{chosen.name}” has never been published: until it is, conversations on this channel get an apology and end. {editor}, then Publish.
        </p>
      )}
      {chosen?.status === "changed" && (
        <p className="muted small">
          “{chosen.name}” has draft changes: the channel runs version {chosen.publishedVersion} until they are published.
        </p>
      )}
    </>
  );
}
