/**
 * The media process: started by the runtime (`MediaPlane`) as a child process, so that WebRTC's
 * native code, the 20 ms frame clock and codec work never share a thread with the flow runtime
 * (a SQLite commit or a crash there cannot stall or take down the other). It exits when the
 * runtime goes away (its IPC channel closes).
 */
import { MEDIA_CONFIG_VARIABLE, MediaConfig } from "../media-config";
import { recordCall } from "../recording/call-recorder";
import { recordCaller } from "../recording/caller-recorder";
import { RtpPortAllocator } from "../transport/rtp-port-allocator";
import { answerWebRtcOffer, offerWebRtc } from "../transport/webrtc-transport";
import { MediaHost } from "./media-host";
import { type MediaEvent, type MediaReply, MediaRequest, StreamInput } from "./media-protocol";

const config = MediaConfig.parse(JSON.parse(process.env[MEDIA_CONFIG_VARIABLE] ?? "null"));

function send(message: MediaReply | MediaEvent): void {
  if (process.connected) process.send?.(message);
}

const host = new MediaHost({
  answerOffer: (offerSdp, iceServers) =>
    answerWebRtcOffer(offerSdp, {
      iceServers: [...iceServers],
      portRange: config.rtpPorts,
      ...(config.publicIp === undefined ? {} : { publicIp: config.publicIp }),
      ...(config.bindAddress === undefined ? {} : { bindAddress: config.bindAddress }),
    }),
  makeOffer: (iceServers) =>
    offerWebRtc({
      iceServers: [...iceServers],
      portRange: config.rtpPorts,
      ...(config.publicIp === undefined ? {} : { publicIp: config.publicIp }),
      ...(config.bindAddress === undefined ? {} : { bindAddress: config.bindAddress }),
    }),
  record: (leg, path) => recordCall(leg, path),
  recordCaller: (leg, path, onVoice) => recordCaller(leg, path, onVoice),
  emit: send,
  noRtpTimeoutMs: config.noRtpTimeoutMs,
  sip: {
    allocator: new RtpPortAllocator({ ...config.rtpPorts, ...(config.bindAddress === undefined ? {} : { bindAddress: config.bindAddress }) }),
    ...(config.publicIp === undefined ? {} : { publicIp: config.publicIp }),
  },
});

process.on("message", (message: unknown) => {
  const stream = StreamInput.safeParse(message);
  if (stream.success) {
    host.streamInput(stream.data);
    return;
  }
  const parsed = MediaRequest.safeParse(message);
  if (!parsed.success) {
    const id = typeof message === "object" && message !== null && "id" in message && typeof message.id === "number" ? message.id : -1;
    send({ type: "reply", id, ok: false, error: { code: "invalid_command", message: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ") } });
    return;
  }
  const { id, command } = parsed.data;
  void host.handle(command).then((reply) => send({ type: "reply", id, ...reply }));
});

process.on("disconnect", () => {
  host.shutdown();
  process.exit(0);
});
process.on("SIGTERM", () => {
  host.shutdown();
  process.exit(0);
});
send({ type: "reply", id: 0, ok: true });
