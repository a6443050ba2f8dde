import { useCallback, useRef } from "react";
import { useEditorStore } from "../editor/store/editor-context";
import { SimulatorPanel } from "../simulator/simulator-panel";

/** The simulator inside the editor: the node a simulated call is at glows, with the path it took. */
export function SimulatorTab({ flowId }: { flowId: string }) {
  const store = useEditorStore();
  const path = useRef<string[]>([]);
  const onCurrentNode = useCallback(
    (nodeId: string | null) => {
      if (nodeId === null) {
        path.current = [];
        store.getState().setHighlight({ currentNodeId: null, path: [] });
        return;
      }
      if (path.current.at(-1) !== nodeId) path.current = [...path.current, nodeId];
      store.getState().setHighlight({ currentNodeId: nodeId, path: path.current });
      store.getState().selectNode(nodeId, { centre: true });
    },
    [store],
  );
  return <SimulatorPanel flowId={flowId} onCurrentNode={onCurrentNode} />;
}
