import { z } from "zod";
import { WeriftPeer } from "../runtime/media/test-support/werift-peer";

/**
 * The remote peers of bench/webrtc-transport.bench.ts, in their own process so their CPU is not
 * counted: werift peers that make offers, apply answers, and play a tone or stay silent on command.
 */
const Command = z.discriminatedUnion("type", [
  z.object({ type: z.literal("offer"), count: z.number().int().positive() }),
  z.object({ type: z.literal("answer"), answers: z.array(z.string()) }),
  z.object({ type: z.literal("play"), frequency: z.number().optional() }),
  z.object({ type: z.literal("stop") }),
]);

const send = (message: unknown) => process.send?.(message);
let peers: WeriftPeer[] = [];

process.on("message", (raw) => {
  void handle(Command.parse(raw)).catch((error: unknown) => send({ type: "error", message: String(error) }));
});

async function handle(command: z.infer<typeof Command>): Promise<void> {
  if (command.type === "offer") {
    peers = await Promise.all(Array.from({ length: command.count }, () => WeriftPeer.offer()));
    send({ type: "offers", offers: peers.map((peer) => peer.offerSdp) });
  } else if (command.type === "answer") {
    await Promise.all(command.answers.map((answer, index) => peers[index]?.applyAnswer(answer)));
    await Promise.all(peers.map((peer) => peer.waitForConnected(20_000)));
    send({ type: "connected" });
  } else if (command.type === "play") {
    for (const peer of peers) peer.play(command.frequency);
    send({ type: "playing" });
  } else {
    await Promise.all(peers.map((peer) => peer.close()));
    process.exit(0);
  }
}
