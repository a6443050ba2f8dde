import { SESSION_COOKIE } from "../../http/auth/session-cookie";
import { WeriftPeer } from "../../media/test-support/werift-peer";
import type { TestServer } from "../../test-support/test-server";
import { AgentClient } from "./agent-client";

/**
 * An agent's softphone as the console makes it: a WebRTC peer in a browser's shape (werift)
 * offered on the agent socket, answered and connected. It then plays `tone` Hz (default 1,000): a
 * browser's softphone sends audio all the time, and a leg without RTP would count as lost.
 */
export async function connectSoftphone(agent: AgentClient, options: { tone?: number } = {}): Promise<WeriftPeer> {
  const softphone = await WeriftPeer.offer();
  try {
    agent.send({ type: "softphone_offer", sdp: softphone.offerSdp });
    await softphone.applyAnswer((await agent.next("softphone_answer", () => true, 10_000)).sdp);
    await agent.next("softphone", (frame) => frame.state === "connected", 30_000);
  } catch (error) {
    await softphone.close();
    throw error;
  }
  softphone.play(options.tone ?? 1000);
  return softphone;
}

/** A signed-in agent on /ws/agent with a connected softphone (see `softphoneAgent`). */
export interface SoftphoneAgent {
  userId: string;
  /** The login cookie's value, for the console's HTTP calls (`cookie` header). */
  cookie: string;
  socket: AgentClient;
  softphone: WeriftPeer;
  close(): Promise<void>;
}

/**
 * A new agent of `teamId` (default `support`) signed in on the agent socket (heartbeats, snapshot
 * read) with a connected softphone playing `tone` Hz: the console of an agent ready for calls.
 */
export async function softphoneAgent(server: Pick<TestServer, "store" | "url">, who: { email: string; name: string; teamId?: string }, options: { tone?: number } = {}): Promise<SoftphoneAgent> {
  const created = await server.store.users.createUser({ email: who.email, name: who.name, role: "agent", password: "agent password 1" });
  if (!created.ok) throw new Error(created.error.message);
  const userId = created.value.id;
  await server.store.teams.addMember(who.teamId ?? "support", userId);
  const token = (await server.store.authSessions.createAuthSession(userId, 3_600_000)).token;
  const socket = await AgentClient.connect(`${server.url.replace(/^http/, "ws")}/ws/agent`, token);
  socket.startHeartbeats(5_000);
  await socket.next("snapshot");
  const softphone = await connectSoftphone(socket, options);
  return {
    userId,
    cookie: `${SESSION_COOKIE}=${token}`,
    socket,
    softphone,
    close: async () => {
      await socket.close();
      await softphone.close();
    },
  };
}
