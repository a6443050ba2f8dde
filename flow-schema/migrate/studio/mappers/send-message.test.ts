import { describe, expect, it } from "vitest";
import { importWidget, messages, targetOf } from "../testing";

describe("Studio send-message", () => {
  it("to the contact from the flow's own number (Studio's defaults) is a send_message on the chat's own channel, to the caller", () => {
    const { node, handles, issues } = importWidget(
      "send-message",
      { body: "Hi {{trigger.message.From}}, your code is {{flow.variables.code}}", from: "{{flow.channel.address}}", to: "{{contact.channel.address}}" },
      ["sent", "failed"],
    );
    expect(node).toMatchObject({ type: "send_message", data: { text: "Hi {{caller.phone}}, your code is {{vars.code}}" } });
    expect(node.data).not.toHaveProperty("to");
    expect(node.data).not.toHaveProperty("channelId");
    expect(handles).toEqual({ sent: targetOf("sent"), failed: targetOf("failed") });
    expect(messages(issues)).toEqual([expect.stringContaining("on a call it needs a messaging channel picked by hand")]);
  });

  it("another address becomes `to`; another sender, a media URL and a messaging service are reported", () => {
    const { node, issues } = importWidget(
      "send-message",
      { body: "A caller wants you", to: "{{flow.variables.manager_mobile}}", from: "+15550009999", media_url: "https://acme.example/map.png", service: "MG0123" },
      ["sent", "failed"],
    );
    expect(node).toMatchObject({ type: "send_message", data: { text: "A caller wants you", to: "{{vars.manager_mobile}}" } });
    expect(issues.map((issue) => issue.path).sort()).toEqual(["/states/1/properties/from", "/states/1/properties/media_url", "/states/1/properties/service"]);
    expect(messages(issues).find((message) => message.includes("+15550009999"))).toContain("pick the one with that number");
  });

  it("without a body it sends the widget's name, and says so", () => {
    const { node, issues } = importWidget("send-message", {}, ["sent"]);
    expect(node).toMatchObject({ type: "send_message", data: { text: "subject" } });
    expect(messages(issues)).toContainEqual(expect.stringContaining("has no body"));
  });
});
