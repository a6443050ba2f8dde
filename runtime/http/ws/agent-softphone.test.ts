import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WeriftPeer } from "../../media/test-support/werift-peer";
import { AgentClient } from "../../rooms/test-support/agent-client";
import { startTestServer, type TestServer } from "../../test-support/test-server";

/**
 * The softphone belongs to the console window that made it: an agent with the console open in two
 * windows whose softphone window closes loses the softphone at once (calls are no longer bridged
 * to a leg nobody listens to), while closing the other window leaves it alone.
 */
describe("the agent socket's softphone and the window that made it", () => {
  let server: TestServer;
  let token = "";
  const open: Array<{ close(): Promise<unknown> }> = [];
  const socketUrl = () => `${server.url.replace("http", "ws")}/ws/agent`;

  async function window(): Promise<AgentClient> {
    const client = await AgentClient.connect(socketUrl(), token);
    open.push(client);
    client.startHeartbeats(5_000);
    await client.next("snapshot");
    return client;
  }

  async function softphone(client: AgentClient): Promise<{ legId: string; peer: WeriftPeer }> {
    const peer = await WeriftPeer.offer();
    open.push(peer);
    client.send({ type: "softphone_offer", sdp: peer.offerSdp });
    const answer = await client.next("softphone_answer", () => true, 10_000);
    await peer.applyAnswer(answer.sdp);
    await client.next("softphone", (frame) => frame.legId === answer.legId && frame.state === "connected", 10_000);
    return { legId: answer.legId, peer };
  }

  beforeAll(async () => {
    server = await startTestServer();
    const created = await server.store.users.createUser({ email: "kim@acme.test", name: "Kim", role: "agent", password: "agent password 1" });
    if (!created.ok) throw new Error(created.error.message);
    ({ token } = await server.store.authSessions.createAuthSession(created.value.id, 3_600_000));
  });
  afterAll(async () => {
    for (const closing of open) await closing.close().catch(() => undefined);
    await server?.stop();
  });

  it("closing another window leaves the leg up; closing the window that made it ends the leg at once, though another window stays open", async () => {
    const holder = await window();
    const other = await window();
    const { legId, peer } = await softphone(holder);
    await other.close();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(holder.of("softphone").filter((frame) => frame.legId === legId).map((frame) => frame.state)).toEqual(["connecting", "connected"]);

    const watcher = await window();
    await holder.close();
    const ended = await watcher.next("softphone", (frame) => frame.legId === legId && frame.state === "ended", 5_000);
    expect(ended.reason).toBeDefined();
    await peer.close();
  }, 30_000);
});
