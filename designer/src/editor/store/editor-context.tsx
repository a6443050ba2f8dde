import { createContext, type ReactNode, useContext } from "react";
import type { TemporalState } from "zundo";
import { useStore } from "zustand";
import type { EditorState } from "./editor-state";
import type { EditorStore, TrackedState } from "./editor-store";

const EditorContext = createContext<EditorStore | null>(null);

/** Makes one flow's editor store available to the canvas, the panels, and panels others plug in. */
export function EditorProvider({ store, children }: { store: EditorStore; children: ReactNode }) {
  return <EditorContext.Provider value={store}>{children}</EditorContext.Provider>;
}

/** The editor store itself, for event handlers (`getState()`) and subscriptions. */
export function useEditorStore(): EditorStore {
  const store = useContext(EditorContext);
  if (!store) throw new Error("useEditorStore needs an <EditorProvider>");
  return store;
}

/** A slice of the editor state; re-renders when it changes. */
export function useEditor<T>(selector: (state: EditorState) => T): T {
  return useStore(useEditorStore(), selector);
}

/** A slice of the undo history (canUndo, canRedo). */
export function useEditorHistory<T>(selector: (state: TemporalState<TrackedState>) => T): T {
  return useStore(useEditorStore().temporal, selector);
}
