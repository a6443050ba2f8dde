import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import { flowsApi } from "../../flows/flows-api";
import { toast } from "../../ui/toasts";
import { useEditorStore } from "../store/editor-context";
import { Autosave, type DraftApi } from "./autosave";

const draftApi: DraftApi = {
  save: (flowId, document, baseRevision) => flowsApi.save(flowId, document, baseRevision),
  load: (flowId) => flowsApi.get(flowId),
};

const AutosaveContext = createContext<Autosave | null>(null);

/** Runs the autosave for the editor's store while mounted; saves what is pending when the editor closes. */
export function AutosaveProvider({ children }: { children: ReactNode }) {
  const store = useEditorStore();
  const [autosave] = useState(() => new Autosave(store, draftApi, { onError: (message) => toast.error(message) }));
  useEffect(() => {
    const stop = autosave.start();
    const warn = (event: BeforeUnloadEvent) => {
      if (!autosave.dirty) return;
      void autosave.flush();
      event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => {
      window.removeEventListener("beforeunload", warn);
      stop();
      if (autosave.dirty) void autosave.flush();
    };
  }, [autosave]);
  return <AutosaveContext.Provider value={autosave}>{children}</AutosaveContext.Provider>;
}

export function useAutosave(): Autosave {
  const autosave = useContext(AutosaveContext);
  if (!autosave) throw new Error("useAutosave needs an <AutosaveProvider>");
  return autosave;
}
