import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleFlow } from "../../test-support/example-flows";
import { whatsappCase } from "../conformance/chat-cases";
import { ChatFixture } from "../conformance/chat-fixture";
import { MetaCalling } from "./test-support/meta-calling";

const fx = new ChatFixture();
let channelId = "";
const meta = new MetaCalling(fx, () => channelId);

beforeAll(async () => {
  await fx.start();
  await fx.publish({ ...exampleFlow("appointment-confirmation"), id: "appointments" });
  channelId = await fx.channel({ ...whatsappCase(), settings: { calling: { enabled: true, flowId: "on-call-forward" } } }, "appointments");
}, 60_000);
afterAll(() => fx.stop());

describe("a dial node on a WhatsApp call (MEDIA.md 5.7)", () => {
  it("takes failed with phoneNetworkRefusal's reason and dials nothing: the caller hears the flow's failure path", async () => {
    const call = await meta.call();
    try {
      const sessionId = await meta.sessionOfCall(call.from);
      await meta.reaches(sessionId, "engineer:failed");
      const session = await fx.server.store.sessions.getSession(sessionId);
      expect(session?.state).toMatchObject({ nodes: { engineer: { status: "failed", durationSeconds: 0, reason: expect.stringContaining("WhatsApp") } } });
      expect(await meta.path(sessionId)).toEqual(["connecting:next", "engineer:failed", "cannot_connect:ended"]);
      // Only the caller's own call: no second leg was ever placed.
      expect(fx.server.store.database.sqlite.prepare("SELECT count(*) AS n FROM calls").get()).toEqual({ n: 1 });
    } finally {
      await call.peer.close();
    }
  }, 60_000);
});
