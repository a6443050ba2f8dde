import { ReactFlowProvider } from "@xyflow/react";
import { useEffect, useState } from "react";
import { flowsApi } from "../flows/flows-api";
import { Link } from "../router/link";
import { toastError } from "../ui/toasts";
import { CanvasControllerProvider } from "./canvas/canvas-controller";
import { EditorLayout } from "./editor-layout";
import "./editor.css";
import type { PanelTab } from "./panel/side-panel";
import { ReferenceDataProvider } from "./references/reference-data";
import { AutosaveProvider } from "./save/autosave-context";
import { EditorProvider } from "./store/editor-context";
import { createEditorStore, type EditorStore } from "./store/editor-store";
import { loadDocument } from "./store/load-document";

type Loaded = { state: "loading" } | { state: "missing"; message: string } | { state: "broken"; problems: string[] } | { state: "ready"; store: EditorStore };

export interface FlowEditorPageProps {
  flowId: string;
  /** More side panel tabs (Simulator, Versions): rendered inside the editor, so they can use `useEditor`/`useEditorStore`. */
  extraTabs?: readonly PanelTab[];
}

/** /designer/flows/:id: the flow designer. Loads the draft, then edits it with autosave. */
export function FlowEditorPage({ flowId, extraTabs }: FlowEditorPageProps) {
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  useEffect(() => {
    let live = true;
    flowsApi.get(flowId).then(
      (flow) => {
        if (!live) return;
        const result = loadDocument(flow.document);
        if (!result.ok) setLoaded({ state: "broken", problems: result.problems });
        else setLoaded({ state: "ready", store: createEditorStore({ flowId, document: result.document, revision: flow.revision }) });
      },
      (error: unknown) => {
        if (!live) return;
        setLoaded({ state: "missing", message: error instanceof Error ? error.message : String(error) });
        toastError(error);
      },
    );
    return () => {
      live = false;
    };
  }, [flowId]);

  if (loaded.state === "loading") {
    return (
      <main className="page editor-loading" aria-busy="true">
        <div className="spinner" aria-hidden="true" />
        <p className="muted">Loading flow…</p>
      </main>
    );
  }
  if (loaded.state === "missing" || loaded.state === "broken") {
    return (
      <main className="page">
        <h1>{loaded.state === "missing" ? "Flow not found" : "This draft cannot be opened"}</h1>
        <p className="muted">{loaded.state === "missing" ? loaded.message : loaded.problems.slice(0, 5).join("; ")}</p>
        <Link href="/designer">Back to the flows</Link>
      </main>
    );
  }
  return (
    <EditorProvider store={loaded.store}>
      <ReferenceDataProvider>
        <AutosaveProvider>
          <ReactFlowProvider>
            <CanvasControllerProvider>
              <EditorLayout {...(extraTabs ? { extraTabs } : {})} />
            </CanvasControllerProvider>
          </ReactFlowProvider>
        </AutosaveProvider>
      </ReferenceDataProvider>
    </EditorProvider>
  );
}
