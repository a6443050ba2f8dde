import { describe, expect, it } from "vitest";
import { validate } from "../validate/validate";
import { DialData, dialNode, isSipAddress } from "./dial";

const flow = (data: unknown, channels?: string[]) => ({
  schemaVersion: 1,
  id: "dial-out",
  name: "Dial out",
  entry: "dial",
  ...(channels === undefined ? {} : { settings: { channels } }),
  nodes: [
    { id: "dial", type: "dial", position: { x: 0, y: 0 }, data },
    { id: "bye", type: "hangup", position: { x: 0, y: 160 }, data: {} },
  ],
  edges: [
    { id: "e1", source: "dial", sourceHandle: "completed", target: "bye" },
    { id: "e2", source: "dial", sourceHandle: "busy", target: "bye" },
    { id: "e3", source: "dial", sourceHandle: "no_answer", target: "bye" },
    { id: "e4", source: "dial", sourceHandle: "failed", target: "bye" },
  ],
});

describe("dial node", () => {
  it("rings 30 s, allows Twilio's four hours and does not record unless asked", () => {
    const data = DialData.parse({ to: "+14155550100" });
    expect(data).toEqual({ to: "+14155550100", timeoutSeconds: 30, timeLimitSeconds: 14_400, record: false });
    expect(dialNode.outputs(data).map((output) => output.id)).toEqual(["completed", "busy", "no_answer", "failed"]);
    expect(dialNode.channels(data)).toEqual(["voice"]);
  });

  it("tells SIP addresses from numbers", () => {
    expect(isSipAddress("sip:alice@example.com")).toBe(true);
    expect(isSipAddress(" SIPS:bob@example.com;transport=tls")).toBe(true);
    expect(isSipAddress("+14155550100")).toBe(false);
    expect(isSipAddress("{{vars.number}}")).toBe(false);
  });

  it("refuses a ring time outside Twilio's 5-600 s and an empty number, naming the field", () => {
    const short = DialData.safeParse({ to: "+1", timeoutSeconds: 2 });
    expect(short.success).toBe(false);
    expect(short.error?.issues[0]?.path).toEqual(["timeoutSeconds"]);
    expect(DialData.safeParse({ to: "" }).error?.issues[0]?.path).toEqual(["to"]);
    expect(DialData.safeParse({ to: "+1", timeLimitSeconds: 14_401 }).success).toBe(false);
  });

  it("validates clean with every handle connected, and checks its templates", () => {
    expect(validate(flow({ to: "{{vars.number}}", callerId: "{{call.to}}" })).filter((d) => d.severity === "error")).toEqual([]);
    const misspelt = validate(flow({ to: "{{vars.nmber}}", callerId: "{{cal.to}}" }));
    expect(misspelt.map((d) => [d.code, d.path])).toEqual([
      ["variable_never_set", "/nodes/0/data/to"],
      ["template_unknown_root", "/nodes/0/data/callerId"],
    ]);
  });

  it("is voice only: a chat flow is told so", () => {
    const diagnostics = validate(flow({ to: "+14155550100" }, ["chat"]));
    expect(diagnostics.some((d) => d.nodeId === "dial" && d.code === "channel_unsupported")).toBe(true);
  });
});
