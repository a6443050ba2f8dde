import { type ReactNode, useEffect, useState } from "react";
import { Dialog } from "../ui/dialog";

/** A dialog around a form: submits once at a time and shows the server's error inside it. */
export function FormDialog(props: {
  title: string;
  open: boolean;
  action: string;
  danger?: boolean;
  canSubmit?: boolean;
  onClose: () => void;
  onSubmit: () => Promise<void>;
  children: ReactNode;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => setError(undefined), [props.open]);
  return (
    <Dialog title={props.title} open={props.open} onClose={props.onClose}>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          setError(undefined);
          try {
            await props.onSubmit();
          } catch (failure) {
            setError(failure instanceof Error ? failure.message : String(failure));
          } finally {
            setBusy(false);
          }
        }}
      >
        {props.children}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className={props.danger ? "button button-danger-solid" : "button button-primary"} disabled={busy || props.canSubmit === false}>
            {props.action}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
