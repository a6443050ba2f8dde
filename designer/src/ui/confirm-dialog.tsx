import type { ReactNode } from "react";
import { Dialog } from "./dialog";
import { toastError } from "./toasts";

export interface ConfirmDialogProps {
  title: string;
  open: boolean;
  /** The button that does it, e.g. "Delete". */
  action: string;
  children: ReactNode;
  onClose: () => void;
  /** Runs on confirm; the dialog closes when it succeeds, a failure is shown as a toast. */
  onConfirm: () => Promise<void>;
}

/** Asks before something that cannot be undone (delete, revoke). */
export function ConfirmDialog({ title, open, action, children, onClose, onConfirm }: ConfirmDialogProps) {
  return (
    <Dialog title={title} open={open} onClose={onClose}>
      {children}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="button button-danger-solid"
          onClick={async () => {
            try {
              await onConfirm();
              onClose();
            } catch (error) {
              toastError(error);
            }
          }}
        >
          {action}
        </button>
      </div>
    </Dialog>
  );
}
