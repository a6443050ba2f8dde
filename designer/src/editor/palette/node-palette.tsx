import type { DragEvent } from "react";
import { type NodeType, nodeCatalog, PALETTE_NODE_TYPES } from "../../../../flow-schema/nodes/catalog";
import { NodeIcon } from "../../ui/node-icons";
import { useCanvasController } from "../canvas/canvas-controller";
import { usePanelTabs } from "../panel/panel-tabs-context";
import { useEditor } from "../store/editor-context";
import { PALETTE_DRAG_TYPE } from "./palette-drag";

/** Every node type of the catalog: drag one onto the canvas, or click it (Enter) to place it in the middle of the view. */
export function NodePalette() {
  const controller = useCanvasController();
  const { showTab } = usePanelTabs();
  const readOnly = useEditor((state) => state.readOnly !== null);

  const place = (type: NodeType) => {
    if (controller.placeAtCentre(type) !== undefined) showTab("inspector");
  };
  const onDragStart = (event: DragEvent, type: NodeType) => {
    event.dataTransfer.setData(PALETTE_DRAG_TYPE, type);
    event.dataTransfer.effectAllowed = "copy";
  };

  return (
    <aside className="node-palette" aria-label="Node palette">
      <h2>Nodes</h2>
      <p className="node-palette-hint">Drag onto the canvas, or press Enter to add.</p>
      <ul>
        {PALETTE_NODE_TYPES.map((type) => {
          const definition = nodeCatalog[type];
          return (
            <li key={type}>
              <button
                type="button"
                className="palette-item"
                draggable={!readOnly}
                disabled={readOnly}
                onDragStart={(event) => onDragStart(event, type)}
                onClick={() => place(type)}
                aria-label={`Add ${definition.title}: ${definition.description}`}
                data-node-type={type}
                title={definition.description}
              >
                <span className="palette-icon" aria-hidden="true">
                  <NodeIcon type={type} size={16} />
                </span>
                <span className="palette-text">
                  <span className="palette-title">{definition.title}</span>
                  <span className="palette-description">{definition.description}</span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
