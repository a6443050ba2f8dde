import type { ProviderCheck } from "./provider-schemas";

/** What a provider's Check answered: OK or the failure, its message, the HTTP status and the time it took. */
export function CheckResult({ check }: { check: ProviderCheck }) {
  const models = check.models ?? null;
  return (
    <div className={check.ok ? "check-result check-ok" : "check-result check-failed"} role="status">
      <strong>{check.ok ? "OK" : "Failed"}</strong>
      {check.status !== null && <span className="muted"> · HTTP {check.status}</span>}
      <span className="muted"> · {check.latencyMs} ms</span>
      <p>{check.message}</p>
      {models !== null && models.length > 0 && (
        <p className="muted">
          Models: {models.slice(0, 8).join(", ")}
          {models.length > 8 ? "…" : ""}
        </p>
      )}
    </div>
  );
}
