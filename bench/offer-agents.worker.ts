import { parentPort, workerData } from "node:worker_threads";
import WebSocket from "ws";
import { z } from "zod";

/**
 * The agents of the offer-latency bench, in a thread of their own (their own event loop, like a
 * separate machine's browsers): one /ws/agent socket per login token, heartbeating, noting the
 * absolute time each `offer` and `offer_withdrawn` frame arrives, per conversation.
 */
const Input = z.object({ url: z.string(), tokens: z.array(z.string()) });
const Frame = z.looseObject({
  type: z.string(),
  conversationId: z.string().optional(),
  offer: z.looseObject({ conversation: z.looseObject({ id: z.string() }) }).optional(),
});
const Command = z.discriminatedUnion("type", [z.object({ type: z.literal("collect"), conversationId: z.string() }), z.object({ type: z.literal("stop") })]);

const { url, tokens } = Input.parse(workerData);
const now = () => performance.timeOrigin + performance.now();
const offers = new Map<string, number[]>();
const withdrawals = new Map<string, number[]>();
const note = (map: Map<string, number[]>, id: string, at: number) => map.set(id, [...(map.get(id) ?? []), at]);

const sockets = await Promise.all(
  tokens.map(
    (token) =>
      new Promise<WebSocket>((resolve, reject) => {
        const socket = new WebSocket(`${url}?token=${encodeURIComponent(token)}`);
        socket.on("message", (data: WebSocket.RawData) => {
          const at = now();
          const frame = Frame.parse(JSON.parse(data.toString()));
          if (frame.type === "offer" && frame.offer) note(offers, frame.offer.conversation.id, at);
          if (frame.type === "offer_withdrawn" && frame.conversationId) note(withdrawals, frame.conversationId, at);
        });
        socket.once("open", () => resolve(socket));
        socket.once("error", reject);
      }),
  ),
);
const heartbeat = setInterval(() => {
  for (const socket of sockets) socket.send(JSON.stringify({ type: "heartbeat" }));
}, 10_000);

parentPort?.on("message", (message: unknown) => {
  const command = Command.parse(message);
  if (command.type === "stop") {
    clearInterval(heartbeat);
    for (const socket of sockets) socket.close();
    parentPort?.close();
    return;
  }
  parentPort?.postMessage({ offers: offers.get(command.conversationId) ?? [], withdrawals: withdrawals.get(command.conversationId) ?? [] });
});
parentPort?.postMessage({ ready: sockets.length });
