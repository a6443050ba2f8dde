import { type TemporalState, temporal } from "zundo";
import type { StoreApi } from "zustand";
import { createStore } from "zustand/vanilla";
import { FlowDocument } from "../../../../flow-schema/document";
import { copyFragment, instantiateFragment } from "./clipboard-fragment";
import { connectionProblem } from "./connection-rules";
import type { EditorData, EditorState } from "./editor-state";
import type { EditorDocument, Size, XY } from "./flow-types";
import { newNodeId } from "./ids";
import { newNode } from "./new-node";
import { HandleMemory } from "./node-outputs";
import { connectHandle } from "./ops/connect-handle";
import { moveNodes } from "./ops/move-nodes";
import { removeElements } from "./ops/remove-elements";
import { renameNode } from "./ops/rename-node";
import { setNodeLabel } from "./ops/set-node-label";
import { updateNodeData } from "./ops/update-node-data";
import { DEFAULT_NODE_SIZE, freeSpot } from "./placement";
import { problemsByNode } from "./problems-by-node";

/** What undo and redo track: the document and nothing else (not selection, sizes or save state). */
export interface TrackedState {
  document: EditorDocument;
}

const HISTORY_LIMIT = 200;
const COALESCE_MS = 1000;
const PASTE_OFFSET = 40;

export interface EditorStoreOptions {
  flowId: string;
  document: EditorDocument;
  revision: number;
  /** The clock used to group typing into one undo step (tests pass their own). */
  now?: () => number;
}

function keepExisting(ids: readonly string[], existing: ReadonlySet<string>): readonly string[] {
  const kept = ids.filter((id) => existing.has(id));
  return kept.length === ids.length ? ids : kept;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, index) => id === b[index]);
}

/**
 * The flow editor's state: the draft document (undoable, with zundo) and everything around it
 * (selection, sizes, highlight, read-only view, diagnostics, save state). One store per open flow.
 */
export function createEditorStore(options: EditorStoreOptions) {
  const now = options.now ?? (() => Date.now());
  let lastEdit: { key: string; at: number } | undefined;
  let dragOrigin: EditorDocument | undefined;
  let focusNonce = 0;
  let historyApi: StoreApi<TemporalState<TrackedState>> | undefined;
  /** The undo history (zundo's temporal store), set once the store exists. */
  const history = (): StoreApi<TemporalState<TrackedState>> => {
    if (!historyApi) throw new Error("the editor store is not ready");
    return historyApi;
  };

  const editorStore = createStore<EditorState>()(
    temporal(
      (set, get) => {
        /** Changes the document as one undo step (or, with `coalesce`, as part of the previous one). */
        const edit = (change: (doc: EditorDocument) => EditorDocument, extra: Partial<EditorData> = {}, coalesce?: string): void => {
          const state = get();
          if (state.readOnly) return;
          const next = change(state.document);
          if (next === state.document && Object.keys(extra).length === 0) return;
          const at = now();
          const merge = coalesce !== undefined && lastEdit?.key === coalesce && at - lastEdit.at < COALESCE_MS && next !== state.document;
          lastEdit = coalesce === undefined ? undefined : { key: coalesce, at };
          const temporalState = history().getState();
          const tracking = temporalState.isTracking;
          if (merge && tracking) temporalState.pause();
          set({ document: next, ...extra });
          if (merge && tracking) history().getState().resume();
        };

        /** Drops selected ids that no longer exist (after undo, redo, delete). */
        const pruneSelection = (): void => {
          const { document, selectedNodeIds, selectedEdgeIds } = get();
          const nodes = keepExisting(selectedNodeIds, new Set(document.nodes.map((node) => node.id)));
          const edges = keepExisting(selectedEdgeIds, new Set(document.edges.map((edge) => edge.id)));
          if (nodes !== selectedNodeIds || edges !== selectedEdgeIds) set({ selectedNodeIds: nodes, selectedEdgeIds: edges });
        };

        const requestFocus = (nodeId: string, edgeId?: string, handle?: string): EditorData["focus"] => ({
          nodeId,
          ...(edgeId === undefined ? {} : { edgeId }),
          ...(handle === undefined ? {} : { handle }),
          nonce: ++focusNonce,
        });

        return {
          flowId: options.flowId,
          document: options.document,
          revision: options.revision,
          selectedNodeIds: [],
          selectedEdgeIds: [],
          measured: {},
          highlight: { currentNodeId: null, path: [] },
          readOnly: null,
          focus: null,
          diagnostics: [],
          problemsByNode: {},
          save: { status: "saved" },
          handles: new HandleMemory(),
          analytics: null,

          applyNodeChanges: (changes) => {
            const state = get();
            const positions = new Map<string, XY>();
            let measured: Record<string, Size> | undefined;
            let selected: Set<string> | undefined;
            for (const change of changes) {
              if (change.type === "dimensions" && change.dimensions) {
                const previous = state.measured[change.id];
                if (previous?.width === change.dimensions.width && previous.height === change.dimensions.height) continue;
                measured ??= { ...state.measured };
                measured[change.id] = { width: change.dimensions.width, height: change.dimensions.height };
              } else if (change.type === "position" && change.position && !state.readOnly) {
                positions.set(change.id, change.position);
              } else if (change.type === "select") {
                selected ??= new Set(state.selectedNodeIds);
                if (change.selected) selected.add(change.id);
                else selected.delete(change.id);
              }
            }
            const extra: Partial<EditorData> = {};
            if (measured) extra.measured = measured;
            if (selected) {
              const shown = state.readOnly?.document ?? state.document;
              const ids = shown.nodes.map((node) => node.id).filter((id) => selected.has(id));
              if (!sameIds(ids, state.selectedNodeIds)) extra.selectedNodeIds = ids;
            }
            const document = positions.size > 0 ? moveNodes(state.document, positions) : state.document;
            if (document !== state.document) edit(() => document, extra);
            else if (Object.keys(extra).length > 0) set(extra);
          },

          applyEdgeChanges: (changes) => {
            const state = get();
            let selected: Set<string> | undefined;
            for (const change of changes) {
              if (change.type !== "select") continue;
              selected ??= new Set(state.selectedEdgeIds);
              if (change.selected) selected.add(change.id);
              else selected.delete(change.id);
            }
            if (!selected) return;
            const shown = state.readOnly?.document ?? state.document;
            const ids = shown.edges.map((edge) => edge.id).filter((id) => selected.has(id));
            if (!sameIds(ids, state.selectedEdgeIds)) set({ selectedEdgeIds: ids });
          },

          beginDrag: () => {
            if (dragOrigin !== undefined || get().readOnly) return;
            dragOrigin = get().document;
            history().getState().pause();
          },

          endDrag: () => {
            const origin = dragOrigin;
            if (origin === undefined) return;
            dragOrigin = undefined;
            history().getState().resume();
            if (get().document === origin) return;
            lastEdit = undefined;
            history().setState((past) => ({
              pastStates: [...past.pastStates, { document: origin }].slice(-HISTORY_LIMIT),
              futureStates: [],
            }));
          },

          connectionProblem: (connection) => connectionProblem(get().document, get().handles, connection),

          connect: (connection) => {
            const state = get();
            if (state.readOnly || connectionProblem(state.document, state.handles, connection) !== undefined) return false;
            const { source, sourceHandle, target } = connection;
            if (!source || !sourceHandle || !target) return false;
            edit((doc) => connectHandle(doc, { source, sourceHandle, target }));
            return true;
          },

          disconnect: (source, sourceHandle) => {
            const edges = get().document.edges.filter((edge) => edge.source === source && edge.sourceHandle === sourceHandle);
            edit((doc) => removeElements(doc, [], edges.map((edge) => edge.id)));
          },

          placeNode: (type, centre) => {
            const state = get();
            if (state.readOnly) return undefined;
            const id = newNodeId(type, new Set(state.document.nodes.map((node) => node.id)));
            const taken = state.document.nodes.map((node) => ({ ...node.position, ...(state.measured[node.id] ?? DEFAULT_NODE_SIZE) }));
            const node = newNode(type, id, freeSpot(centre, DEFAULT_NODE_SIZE, taken));
            edit((doc) => ({ ...doc, nodes: [...doc.nodes, node] }), { selectedNodeIds: [id], selectedEdgeIds: [] });
            return id;
          },

          updateNodeData: (nodeId, type, data, updateOptions = {}) => {
            // Remember the handles of the data being replaced, in case the new data is invalid for a while.
            const previous = get().document.nodes.find((node) => node.id === nodeId);
            if (previous) get().handles.handlesOf(previous);
            edit((doc) => updateNodeData(doc, nodeId, type, data, updateOptions.renames), {}, updateOptions.coalesce === undefined ? undefined : `${nodeId}:${updateOptions.coalesce}`);
          },

          setNodeLabel: (nodeId, label, coalesce = true) => {
            edit((doc) => setNodeLabel(doc, nodeId, label), {}, coalesce ? `${nodeId}:label` : undefined);
          },

          renameNode: (oldId, newId) => {
            const state = get();
            const next = renameNode(state.document, oldId, newId);
            if (next === state.document || state.readOnly) return false;
            edit(() => next, {
              selectedNodeIds: state.selectedNodeIds.map((id) => (id === oldId ? newId : id)),
              ...(state.measured[oldId] ? { measured: { ...state.measured, [newId]: state.measured[oldId] } } : {}),
            });
            return true;
          },

          setEntry: (nodeId) => {
            edit((doc) => (doc.entry === nodeId || !doc.nodes.some((node) => node.id === nodeId) ? doc : { ...doc, entry: nodeId }));
          },

          deleteSelection: () => {
            const { selectedNodeIds, selectedEdgeIds } = get();
            edit((doc) => removeElements(doc, selectedNodeIds, selectedEdgeIds), { selectedNodeIds: [], selectedEdgeIds: [] });
          },

          copySelection: () => {
            const state = get();
            return copyFragment(state.readOnly?.document ?? state.document, state.selectedNodeIds);
          },

          paste: (fragment, at) => {
            const state = get();
            if (state.readOnly) return;
            let target = at;
            if (target === undefined) {
              const minX = Math.min(...fragment.nodes.map((node) => node.position.x));
              const minY = Math.min(...fragment.nodes.map((node) => node.position.y));
              target = { x: minX + PASTE_OFFSET, y: minY + PASTE_OFFSET };
              const occupied = new Set(state.document.nodes.map((node) => `${node.position.x},${node.position.y}`));
              while (occupied.has(`${target.x},${target.y}`)) target = { x: target.x + PASTE_OFFSET, y: target.y + PASTE_OFFSET };
            }
            const pasted = instantiateFragment(state.document, fragment, target);
            edit((doc) => ({ ...doc, nodes: [...doc.nodes, ...pasted.nodes], edges: [...doc.edges, ...pasted.edges] }), {
              selectedNodeIds: pasted.nodes.map((node) => node.id),
              selectedEdgeIds: [],
            });
          },

          applyPositions: (positions) => {
            edit((doc) => moveNodes(doc, positions));
          },

          undo: () => {
            if (get().readOnly) return;
            lastEdit = undefined;
            history().getState().undo();
            pruneSelection();
          },

          redo: () => {
            if (get().readOnly) return;
            lastEdit = undefined;
            history().getState().redo();
            pruneSelection();
          },

          selectNode: (nodeId, selectOptions = {}) => {
            const doc = get().readOnly?.document ?? get().document;
            if (nodeId === null || !doc.nodes.some((node) => node.id === nodeId)) {
              set({ selectedNodeIds: [], selectedEdgeIds: [] });
              return;
            }
            set({ selectedNodeIds: [nodeId], selectedEdgeIds: [], ...(selectOptions.centre === false ? {} : { focus: requestFocus(nodeId) }) });
          },

          selectAll: () => {
            const doc = get().readOnly?.document ?? get().document;
            set({ selectedNodeIds: doc.nodes.map((node) => node.id), selectedEdgeIds: doc.edges.map((edge) => edge.id) });
          },

          clearSelection: () => {
            const { selectedNodeIds, selectedEdgeIds } = get();
            if (selectedNodeIds.length > 0 || selectedEdgeIds.length > 0) set({ selectedNodeIds: [], selectedEdgeIds: [] });
          },

          focusOn: ({ nodeId, edgeId, handle }) => {
            const doc = get().readOnly?.document ?? get().document;
            if (!doc.nodes.some((node) => node.id === nodeId)) return;
            const edge = edgeId !== undefined && doc.edges.some((candidate) => candidate.id === edgeId) ? edgeId : undefined;
            set({ selectedNodeIds: [nodeId], selectedEdgeIds: edge === undefined ? [] : [edge], focus: requestFocus(nodeId, edge, handle) });
          },

          setHighlight: ({ currentNodeId, path }) => {
            const previous = get().highlight;
            set({ highlight: { currentNodeId: currentNodeId === undefined ? previous.currentNodeId : currentNodeId, path: path ?? previous.path } });
          },

          setAnalytics: (analytics) => set({ analytics }),

          setReadOnly: (document, info = {}) => {
            if (document === null) {
              set({ readOnly: null, selectedNodeIds: [], selectedEdgeIds: [] });
              return true;
            }
            const parsed = FlowDocument.safeParse(document);
            if (!parsed.success) return false;
            set({
              readOnly: { document: parsed.data, ...(info.version === undefined ? {} : { version: info.version }) },
              selectedNodeIds: [],
              selectedEdgeIds: [],
            });
            return true;
          },

          setDiagnostics: (diagnostics) => set({ diagnostics, problemsByNode: problemsByNode(diagnostics) }),

          setSave: (save) => set({ save }),

          markSaved: (revision) => set({ revision }),

          replaceDocument: (document, revision) => {
            lastEdit = undefined;
            set({ document, revision });
            pruneSelection();
          },
        };
      },
      {
        partialize: (state): TrackedState => ({ document: state.document }),
        equality: (past, current) => past.document === current.document,
        limit: HISTORY_LIMIT,
      },
    ),
  );
  historyApi = editorStore.temporal;
  return editorStore;
}

export type EditorStore = ReturnType<typeof createEditorStore>;
