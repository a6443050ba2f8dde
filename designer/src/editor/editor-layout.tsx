import { useCallback, useMemo, useState } from "react";
import { Link } from "../router/link";
import { FlowCanvas } from "./canvas/flow-canvas";
import { useEditorShortcuts } from "./canvas/use-editor-shortcuts";
import { EditorToolbar } from "./editor-toolbar";
import { InspectorPanel } from "./inspector/inspector-panel";
import { NodePalette } from "./palette/node-palette";
import { PanelTabsContext } from "./panel/panel-tabs-context";
import { type PanelTab, SidePanel } from "./panel/side-panel";
import { ConflictBanner } from "./save/conflict-banner";
import { ReadOnlyBanner } from "./save/read-only-banner";
import { SaveStatus } from "./save/save-status";
import { CommandPalette } from "./search/command-palette";
import { useEditor } from "./store/editor-context";
import { shownDocument } from "./store/shown-document";
import { useLiveDiagnostics } from "./validation/use-live-diagnostics";
import { ValidationBadge } from "./validation/validation-badge";
import { ValidationPanel } from "./validation/validation-panel";

/** The editor's screen: header with save state and actions, banners, palette, canvas and the side panel. */
const NO_TABS: readonly PanelTab[] = [];

export function EditorLayout({ extraTabs = NO_TABS }: { extraTabs?: readonly PanelTab[] }) {
  const name = useEditor((state) => shownDocument(state).name);
  const [searchOpen, setSearchOpen] = useState(false);
  const [activeTab, setActiveTab] = useState("validation");
  const openSearch = useCallback(() => setSearchOpen(true), []);
  useEditorShortcuts(openSearch);
  useLiveDiagnostics();

  const tabs = useMemo<PanelTab[]>(
    () => [
      { id: "inspector", title: "Inspector", content: <InspectorPanel /> },
      { id: "validation", title: "Validation", badge: <ValidationBadge />, content: <ValidationPanel /> },
      ...extraTabs,
    ],
    [extraTabs],
  );
  const panelTabs = useMemo(() => ({ showTab: setActiveTab }), []);

  return (
    <PanelTabsContext.Provider value={panelTabs}>
      <main className="editor flow-editor">
        <header className="editor-header">
          <nav className="editor-crumbs" aria-label="Breadcrumb">
            <Link href="/designer" className="muted">
              Flows
            </Link>
            <span className="muted" aria-hidden="true">
              /
            </span>
            <h1>{name}</h1>
          </nav>
          <SaveStatus />
          <EditorToolbar onSearch={openSearch} />
        </header>
        <ConflictBanner />
        <ReadOnlyBanner />
        <div className="editor-body">
          <NodePalette />
          <FlowCanvas />
          <SidePanel tabs={tabs} active={activeTab} onSelect={setActiveTab} />
        </div>
        <CommandPalette open={searchOpen} onClose={() => setSearchOpen(false)} />
      </main>
    </PanelTabsContext.Provider>
  );
}
