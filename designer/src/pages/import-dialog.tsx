import { useState } from "react";
import { type ImportPreview, flowsApi } from "../flows/flows-api";
import { Dialog } from "../ui/dialog";
import { DiagnosticList } from "../ui/diagnostic-list";
import { toast, toastError } from "../ui/toasts";

/** Import a JSON file or pasted JSON (ours, a Whatomate graph or a Twilio Studio flow): see its diagnostics, then accept. */
export function ImportDialog({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: (id: string) => void }) {
  const [text, setText] = useState("");
  const [parsed, setParsed] = useState<unknown>(undefined);
  const [preview, setPreview] = useState<ImportPreview | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [replace, setReplace] = useState(false);
  const [busy, setBusy] = useState(false);

  const reset = () => {
    setText("");
    setParsed(undefined);
    setPreview(undefined);
    setProblem(undefined);
    setReplace(false);
  };
  const close = () => {
    reset();
    onClose();
  };

  const check = async (source: string) => {
    setText(source);
    setPreview(undefined);
    setProblem(undefined);
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (error) {
      setProblem(`This is not JSON: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    setParsed(value);
    setBusy(true);
    try {
      setPreview(await flowsApi.previewImport(value));
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const accept = async () => {
    setBusy(true);
    try {
      const source = preview?.document ?? parsed;
      const imported = await flowsApi.import(source, replace);
      toast.success(`Imported “${imported.name}”`);
      reset();
      onImported(imported.id);
    } catch (error) {
      toastError(error);
    } finally {
      setBusy(false);
    }
  };

  const errors = preview?.diagnostics.filter((d) => d.severity === "error").length ?? 0;
  return (
    <Dialog title="Import a flow" open={open} onClose={close} wide>
      <p className="muted">
        A Switchboard flow document, a Whatomate IVR graph or a Twilio Studio flow (in Studio: the flow's menu, Export to JSON). The last two are converted, and
        the notes say what changed or was left out.
      </p>
      <label>
        JSON file
        <input
          type="file"
          accept="application/json,.json"
          onChange={async (event) => {
            const file = event.target.files?.[0];
            if (file) await check(await file.text());
          }}
        />
      </label>
      <label>
        Or paste JSON
        <textarea rows={8} value={text} onChange={(event) => setText(event.target.value)} onBlur={() => text.trim() !== "" && check(text)} spellCheck={false} />
      </label>
      <div className="dialog-actions dialog-actions-start">
        <button type="button" className="button" disabled={busy || text.trim() === ""} onClick={() => check(text)}>
          Check
        </button>
      </div>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {preview && (
        <section aria-label="Import preview" className="import-preview">
          <h3>
            “{String(preview.document.name)}” <span className="muted small">({String(preview.document.id)})</span>
          </h3>
          {preview.issues.length > 0 && (
            <>
              {/* A Whatomate or Studio conversion's gaps (with the JSON pointer into the source file), and patterns the engine cannot run. */}
              <h4>
                Import notes: {preview.issues.length} {preview.issues.length === 1 ? "thing" : "things"} to check
              </h4>
              <ul className="diagnostics" aria-label="Import notes">
                {preview.issues.map((issue, index) => (
                  <li key={index} className={`diagnostic diagnostic-${issue.severity}`}>
                    <span className={`badge badge-${issue.severity}`}>{issue.severity}</span> {issue.message}
                    {issue.path !== undefined && <code className="muted small"> {issue.path}</code>}
                  </li>
                ))}
              </ul>
            </>
          )}
          <h4>Diagnostics</h4>
          <DiagnosticList diagnostics={preview.diagnostics} />
          {errors > 0 && <p className="muted">It can be imported as a draft; fix the errors before publishing.</p>}
          {preview.exists && (
            <label className="checkbox">
              <input type="checkbox" checked={replace} onChange={(event) => setReplace(event.target.checked)} />A flow with this id exists: replace its draft
            </label>
          )}
        </section>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={close}>
          Cancel
        </button>
        <button type="button" className="button button-primary" disabled={busy || !preview || (preview.exists && !replace)} onClick={accept}>
          Import
        </button>
      </div>
    </Dialog>
  );
}
