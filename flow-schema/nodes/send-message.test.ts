import { describe, expect, it } from "vitest";
import { validate } from "../validate/validate";
import { SendMessageData, sendMessageNode } from "./send-message";

/** A voice flow that texts the caller a link, then says whether it went. */
function textingFlow(data: Record<string, unknown>) {
  return {
    schemaVersion: 1,
    id: "text-a-link",
    name: "Text a link",
    entry: "text_link",
    nodes: [
      { id: "text_link", type: "send_message", position: { x: 0, y: 0 }, data },
      { id: "sent", type: "hangup", position: { x: -200, y: 200 }, data: { prompt: { text: "We sent you a text." } } },
      { id: "failed", type: "hangup", position: { x: 200, y: 200 }, data: { prompt: { text: "We could not text you: {{nodes.text_link.error}}" } } },
    ],
    edges: [
      { id: "e1", source: "text_link", sourceHandle: "sent", target: "sent" },
      { id: "e2", source: "text_link", sourceHandle: "failed", target: "failed" },
    ],
  };
}

const channels = [
  { id: "sms", name: "SMS line", type: "twilio_messaging", enabled: true },
  { id: "old-sms", name: "Old SMS line", type: "twilio_messaging", enabled: false },
  { id: "phone", name: "Phone line", type: "twilio_voice", enabled: true },
];

describe("send_message node", () => {
  it("offers sent and failed, reads its text and address as templates", () => {
    const data = SendMessageData.parse({ channelId: "sms", to: "{{vars.mobile}}", text: "Your code is {{vars.code}}" });
    expect(sendMessageNode.outputs(data).map((output) => output.id)).toEqual(["sent", "failed"]);
    expect(sendMessageNode.templates(data)).toEqual([
      { pointer: "/text", template: "Your code is {{vars.code}}" },
      { pointer: "/to", template: "{{vars.mobile}}" },
    ]);
    expect(sendMessageNode.channels(data)).toEqual(["voice", "chat"]);
  });

  it("refuses an empty message and an empty channel id; no channel id is the chat's own channel", () => {
    expect(SendMessageData.safeParse({ channelId: "sms", text: "" }).success).toBe(false);
    expect(SendMessageData.safeParse({ channelId: " ", text: "hi" }).success).toBe(false);
    expect(SendMessageData.safeParse({ text: "hi" }).success).toBe(true);
  });

  it("validates cleanly against an enabled messaging channel", () => {
    expect(validate(textingFlow({ channelId: "sms", text: "Here is the link: https://example.com" }), { knownChannels: channels })).toEqual([]);
  });

  it.each([
    ["nope", "message_channel_missing", /"nope", which does not exist/],
    ["old-sms", "message_channel_disabled", /"Old SMS line", which is disabled/],
    ["phone", "message_channel_missing", /twilio_voice channel, which cannot send messages/],
  ])("is an error naming channel %s (%s)", (channelId, code, message) => {
    const diagnostics = validate(textingFlow({ channelId, text: "hi" }), { knownChannels: channels });
    expect(diagnostics).toEqual([expect.objectContaining({ severity: "error", code, nodeId: "text_link", path: "/nodes/0/data/channelId", message: expect.stringMatching(message) })]);
  });

  it("does not check the channel when the validator does not know the channels (a file on disk)", () => {
    expect(validate(textingFlow({ channelId: "nope", text: "hi" }))).toEqual([]);
  });
});
