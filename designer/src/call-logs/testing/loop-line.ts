import { documentVersion } from "./recorded-session";

/** A small flow with a loop: the menu's option 1 goes back to the greeting; option 3 has no edge. */
export const loopLine = documentVersion({
  schemaVersion: 1,
  id: "loop-line",
  name: "Loop line",
  entry: "hello",
  nodes: [
    { id: "hello", type: "greeting", label: "Hello", position: { x: 0, y: 0 }, data: { prompt: { text: "Hello." } } },
    {
      id: "menu",
      type: "menu",
      position: { x: 0, y: 220 },
      data: {
        prompt: { text: "Press 1 to hear it again, 2 to leave." },
        options: [
          { key: "1", label: "Again" },
          { key: "2", label: "Leave" },
          { key: "3", label: "Nowhere" },
        ],
      },
    },
    { id: "bye", type: "hangup", label: "Goodbye", position: { x: 0, y: 440 }, data: {} },
  ],
  edges: [
    { id: "hello-next", source: "hello", sourceHandle: "next", target: "menu" },
    { id: "menu-1", source: "menu", sourceHandle: "option:1", target: "hello" },
    { id: "menu-2", source: "menu", sourceHandle: "option:2", target: "bye" },
  ],
});
