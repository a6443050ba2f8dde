import { FlowDocument } from "../../../flow-schema/document";

const at = (y: number) => ({ x: 0, y });

/**
 * `desk`: sets a variable, transfers to `team` (waits: completed → thanks, no_answer → sorry).
 * `handoff`: transfers to `team` with no edges (the flow ends at the hand-off).
 */
export function deskFlows(team = "support", timeoutSeconds = 60): FlowDocument[] {
  return [
    FlowDocument.parse({
      schemaVersion: 1,
      id: "desk",
      name: "Desk",
      entry: "hello",
      nodes: [
        { id: "hello", type: "set_variables", position: at(0), data: { assignments: [{ name: "account", value: "A-42" }] } },
        { id: "to_team", type: "transfer", position: at(100), data: { teamId: team, priority: "high", timeoutSeconds } },
        { id: "thanks", type: "hangup", position: at(200), data: { prompt: { text: "Thanks for chatting." } } },
        { id: "sorry", type: "hangup", position: at(300), data: { prompt: { text: "Nobody could take your chat." } } },
      ],
      edges: [
        { id: "e1", source: "hello", sourceHandle: "next", target: "to_team" },
        { id: "e2", source: "to_team", sourceHandle: "completed", target: "thanks" },
        { id: "e3", source: "to_team", sourceHandle: "no_answer", target: "sorry" },
      ],
    }),
    FlowDocument.parse({
      schemaVersion: 1,
      id: "handoff",
      name: "Hand-off",
      entry: "to_team",
      nodes: [{ id: "to_team", type: "transfer", position: at(0), data: { teamId: team, priority: "normal" } }],
      edges: [],
    }),
  ];
}
