import { describe, expect, it } from "vitest";
import { validate } from "../validate/validate";
import { PlaceholderData, placeholderNode } from "./placeholder";

const sendMessage = {
  source: "Twilio Studio",
  originalType: "send-message",
  mapsTo: "send_message",
  reason: "Switchboard has no send_message node yet",
  outcomes: ["sent", "failed"],
  original: { name: "text_link", type: "send-message", properties: { body: "Here is the link", to: "{{contact.channel.address}}" } },
};

describe("placeholder node", () => {
  it("keeps the source widget and offers its outcomes as handles", () => {
    const data = PlaceholderData.parse(sendMessage);
    expect(data.original).toEqual(sendMessage.original);
    expect(placeholderNode.outputs(data).map((output) => output.id)).toEqual(["sent", "failed"]);
    expect(placeholderNode.terminal).toBe(false);
  });

  it("is an error for the validator, naming what it will become, while its flow still parses", () => {
    const doc = {
      schemaVersion: 1,
      id: "texts",
      name: "Texts",
      entry: "text_link",
      nodes: [
        { id: "text_link", type: "placeholder", position: { x: 0, y: 0 }, data: sendMessage },
        { id: "bye", type: "hangup", position: { x: 0, y: 160 }, data: {} },
      ],
      edges: [{ id: "e1", source: "text_link", sourceHandle: "sent", target: "bye" }],
    };
    const diagnostics = validate(doc);
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: "error", code: "placeholder_node", nodeId: "text_link", path: "/nodes/0/data/originalType", message: expect.stringContaining("send_message") }),
    ]);
  });

  it("refuses an outcome that cannot be a handle", () => {
    expect(PlaceholderData.safeParse({ ...sendMessage, outcomes: ["has space"] }).success).toBe(false);
  });
});
