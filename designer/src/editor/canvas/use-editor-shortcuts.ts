import { useEffect } from "react";
import { toast } from "../../ui/toasts";
import { rememberClipboard } from "../clipboard/system-clipboard";
import { parseFragment } from "../store/clipboard-fragment";
import { useEditorStore } from "../store/editor-context";
import { useCanvasController } from "./canvas-controller";

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.closest("input, textarea, select, [contenteditable='true']") !== null;
}

function dialogOpen(): boolean {
  return document.querySelector("dialog[open]") !== null;
}

function hasTextSelection(): boolean {
  return (window.getSelection()?.toString() ?? "") !== "";
}

/**
 * The editor's keyboard: Ctrl+K find, Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y undo and redo, Ctrl+A select
 * all, Delete or Backspace delete, Escape deselect; copy, cut and paste through the clipboard as
 * flow JSON. Keys typed into fields are left to the fields.
 */
export function useEditorShortcuts(openSearch: () => void): void {
  const store = useEditorStore();
  const controller = useCanvasController();

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === "k") {
        event.preventDefault();
        if (!dialogOpen()) openSearch();
        return;
      }
      if (event.defaultPrevented || isEditable(event.target) || dialogOpen()) return;
      const state = store.getState();
      if (mod && key === "z") {
        event.preventDefault();
        if (event.shiftKey) state.redo();
        else state.undo();
      } else if (mod && key === "y") {
        event.preventDefault();
        state.redo();
      } else if (mod && key === "a") {
        event.preventDefault();
        state.selectAll();
      } else if (!mod && (event.key === "Delete" || event.key === "Backspace")) {
        if (state.selectedNodeIds.length === 0 && state.selectedEdgeIds.length === 0) return;
        event.preventDefault();
        state.deleteSelection();
      } else if (event.key === "Escape") {
        state.clearSelection();
      }
    };

    const copy = (event: ClipboardEvent, cut: boolean) => {
      if (isEditable(event.target) || dialogOpen() || hasTextSelection()) return;
      const fragment = store.getState().copySelection();
      if (!fragment || !event.clipboardData) return;
      const text = JSON.stringify(fragment, null, 2);
      event.clipboardData.setData("text/plain", text);
      event.preventDefault();
      rememberClipboard(text);
      if (cut) store.getState().deleteSelection();
      toast.info(`${cut ? "Cut" : "Copied"} ${fragment.nodes.length} node${fragment.nodes.length === 1 ? "" : "s"}`);
    };
    const onCopy = (event: ClipboardEvent) => copy(event, false);
    const onCut = (event: ClipboardEvent) => copy(event, !store.getState().readOnly);

    const onPaste = (event: ClipboardEvent) => {
      if (isEditable(event.target) || dialogOpen()) return;
      const text = event.clipboardData?.getData("text/plain") ?? "";
      const fragment = parseFragment(text);
      if (!fragment) {
        if (text.trim() !== "") toast.info("The clipboard holds no Switchboard nodes");
        return;
      }
      event.preventDefault();
      if (store.getState().readOnly) {
        toast.info("This version is read-only");
        return;
      }
      store.getState().paste(fragment, controller.pointer.current ?? undefined);
      toast.info(`Pasted ${fragment.nodes.length} node${fragment.nodes.length === 1 ? "" : "s"}`);
    };

    window.addEventListener("keydown", onKeyDown);
    document.addEventListener("copy", onCopy);
    document.addEventListener("cut", onCut);
    document.addEventListener("paste", onPaste);
    return () => {
      window.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("copy", onCopy);
      document.removeEventListener("cut", onCut);
      document.removeEventListener("paste", onPaste);
    };
  }, [store, controller, openSearch]);
}
