import { useEditor } from "../store/editor-context";

/** The count on the Validation tab: errors in red, else warnings in amber. */
export function ValidationBadge() {
  const errors = useEditor((state) => state.diagnostics.filter((d) => d.severity === "error").length);
  const warnings = useEditor((state) => state.diagnostics.length) - errors;
  if (errors === 0 && warnings === 0) return null;
  const isError = errors > 0;
  const count = isError ? errors : warnings;
  return (
    <span className={`tab-badge ${isError ? "tab-badge-error" : "tab-badge-warning"}`} aria-label={`${count} ${isError ? "errors" : "warnings"}`}>
      {count}
    </span>
  );
}
