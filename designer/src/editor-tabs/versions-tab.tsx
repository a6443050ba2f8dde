import { useState } from "react";
import { FlowDocument } from "../../../flow-schema/document";
import { useAutosave } from "../editor/save/autosave-context";
import { useEditor, useEditorStore } from "../editor/store/editor-context";
import { toast, toastError } from "../ui/toasts";
import { PublishDialog } from "../versions/publish-dialog";
import { VersionsPanel } from "../versions/versions-panel";

/** Publish the draft, list the versions, view one read-only on the canvas, roll back. */
export function VersionsTab({ flowId }: { flowId: string }) {
  const store = useEditorStore();
  const autosave = useAutosave();
  const revision = useEditor((state) => state.revision);
  const saveStatus = useEditor((state) => state.save.status);
  const [publishing, setPublishing] = useState(false);
  const [refreshKey, setRefreshKey] = useState(0);
  return (
    <div className="versions-tab">
      <button
        type="button"
        className="button button-primary"
        disabled={saveStatus !== "saved"}
        title={saveStatus === "saved" ? "Publish the draft as a new version" : "Wait for the draft to be saved"}
        onClick={() => setPublishing(true)}
      >
        Publish…
      </button>
      <VersionsPanel
        flowId={flowId}
        refreshKey={refreshKey}
        onView={({ number, document }) => {
          const parsed = FlowDocument.safeParse(document);
          if (!parsed.success || !store.getState().setReadOnly(parsed.data, { version: number })) toast.error(`Version ${number} cannot be shown`);
        }}
        onRolledBack={() => {
          autosave.reload().then(() => setRefreshKey((key) => key + 1), toastError);
        }}
      />
      <PublishDialog
        flowId={flowId}
        revision={revision}
        open={publishing}
        onClose={() => setPublishing(false)}
        onPublished={() => setRefreshKey((key) => key + 1)}
      />
    </div>
  );
}
