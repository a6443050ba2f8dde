import { create } from "zustand";

export interface Toast {
  id: number;
  kind: "success" | "error" | "info";
  text: string;
}

interface ToastState {
  toasts: Toast[];
  show(kind: Toast["kind"], text: string): void;
  dismiss(id: number): void;
}

let counter = 0;

/** Results and errors, shown for a few seconds in the corner. */
export const useToasts = create<ToastState>((set, get) => ({
  toasts: [],
  show: (kind, text) => {
    const id = ++counter;
    set({ toasts: [...get().toasts.slice(-4), { id, kind, text }] });
    setTimeout(() => get().dismiss(id), kind === "error" ? 8000 : 4000);
  },
  dismiss: (id) => set({ toasts: get().toasts.filter((toast) => toast.id !== id) }),
}));

export const toast = {
  success: (text: string) => useToasts.getState().show("success", text),
  error: (text: string) => useToasts.getState().show("error", text),
  info: (text: string) => useToasts.getState().show("info", text),
};

/** Shows an error's message as a toast (for catch blocks). */
export function toastError(error: unknown): void {
  toast.error(error instanceof Error ? error.message : String(error));
}

export function Toasts() {
  const { toasts, dismiss } = useToasts();
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((item) => (
        <div key={item.id} className={`toast toast-${item.kind}`}>
          <span>{item.text}</span>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(item.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
