/**
 * The SIP side of the RTP legs bench, in a process of its own: plain UDP peers on 127.0.0.1, each
 * sending 160-byte μ-law packets every 20 ms (one second of a 440 Hz tone encoded once and
 * looped; own SSRC, seq +1, ts +160), spread over the 20 ms in 4 slots of a 5 ms clock, and
 * counting what they receive.
 */
import { createSocket, type Socket } from "node:dgram";
import { FrameClock } from "../runtime/media/clock/frame-clock";
import { pcmToMuLaw } from "../runtime/media/codecs/g711";
import { serializeRtp } from "../runtime/media/rtp/rtp-packet";
import { sineFrames } from "../runtime/media/test-support/sine";
import { RtpPeerCommand, type RtpPeerReply } from "./rtp-peers-protocol";

const SLOTS = 4;
const LOOP = sineFrames(440, 8000, 50, 0.25).map((frame) => pcmToMuLaw(frame));

interface Peer {
  socket: Socket;
  target: number | undefined;
  sending: boolean;
  seq: number;
  ts: number;
  ssrc: number;
  frame: number;
  received: number;
  sent: number;
}

const peers: Peer[] = [];
const clock = new FrameClock({ periodMs: 20 / SLOTS });
let slot = 0;
clock.subscribe(() => {
  slot = (slot + 1) % SLOTS;
  for (let index = slot; index < peers.length; index += SLOTS) {
    const peer = peers[index];
    if (peer === undefined || !peer.sending || peer.target === undefined) continue;
    const payload = LOOP[peer.frame % LOOP.length] ?? LOOP[0];
    if (payload === undefined) continue;
    peer.socket.send(serializeRtp({ marker: peer.frame === 0, payloadType: 0, sequenceNumber: peer.seq, timestamp: peer.ts, ssrc: peer.ssrc, csrcs: [], payload }), peer.target, "127.0.0.1");
    peer.seq = (peer.seq + 1) & 0xffff;
    peer.ts = (peer.ts + 160) >>> 0;
    peer.frame++;
    peer.sent++;
  }
});

function reply(message: RtpPeerReply): void {
  process.send?.(message);
}

async function create(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let k = 0; k < count; k++) {
    const socket = createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", () => resolve()));
    const peer: Peer = { socket, target: undefined, sending: false, seq: k * 7, ts: k * 1000, ssrc: 0x10000 + peers.length, frame: 0, received: 0, sent: 0 };
    socket.on("message", () => {
      peer.received++;
    });
    peers.push(peer);
    ports.push(socket.address().port);
  }
  return ports;
}

process.on("message", (message: unknown) => {
  const parsed = RtpPeerCommand.safeParse(message);
  if (!parsed.success) {
    reply({ type: "error", message: parsed.error.message });
    return;
  }
  const command = parsed.data;
  switch (command.type) {
    case "create":
      void create(command.count).then((ports) => reply({ type: "ports", ports }));
      return;
    case "targets":
      for (const { peer, port } of command.targets) {
        const target = peers[peer];
        if (target !== undefined) target.target = port;
      }
      reply({ type: "done" });
      return;
    case "send":
      for (const index of command.peers) {
        const peer = peers[index];
        if (peer !== undefined) peer.sending = command.on;
      }
      reply({ type: "done" });
      return;
    case "snapshot": {
      const cpu = process.cpuUsage();
      reply({ type: "snapshot", cpu: { userMs: cpu.user / 1000, systemMs: cpu.system / 1000 }, received: peers.map((peer) => peer.received), sent: peers.map((peer) => peer.sent) });
      return;
    }
    case "stop":
      for (const peer of peers) peer.socket.close();
      process.exit(0);
  }
});
process.on("disconnect", () => process.exit(0));
reply({ type: "ready" });
