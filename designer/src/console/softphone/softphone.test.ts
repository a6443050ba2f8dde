import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ClientFrame, ServerFrame } from "../../../../runtime/http/ws/agent-frames";
import { type PeerLine, Softphone } from "./softphone";
import { useSoftphone } from "./softphone-store";

/** A microphone track: the browser ends it when the device goes or the permission is taken back. */
class StandInTrack {
  enabled = true;
  stopped = false;
  private readonly ended = new Set<() => void>();
  stop(): void {
    this.stopped = true;
  }
  addEventListener(_type: "ended", listener: () => void): void {
    this.ended.add(listener);
  }
  end(): void {
    for (const listener of this.ended) listener();
  }
}

class StandInMic {
  readonly track = new StandInTrack();
  getAudioTracks(): StandInTrack[] {
    return [this.track];
  }
}

/** A peer connection: records the answer it was given, the tones sent, whether it was closed. */
class StandInPeer implements PeerLine {
  answer: string | undefined;
  tones = "";
  closed = false;
  constructor(
    readonly sdp: string,
    readonly fail: () => void,
  ) {}
  async offer(): Promise<string> {
    return this.sdp;
  }
  async applyAnswer(sdp: string): Promise<void> {
    this.answer = sdp;
  }
  dtmf(tones: string): boolean {
    this.tones += tones;
    return true;
  }
  close(): void {
    this.closed = true;
  }
}

let sent: ClientFrame[];
let peers: StandInPeer[];
let mics: StandInMic[];
let microphone: () => Promise<StandInMic>;
let socketUp: boolean;
let retryMicrophone: (() => void) | undefined;
let phone: Softphone<StandInMic>;

const status = () => useSoftphone.getState().status;
const settle = () => vi.advanceTimersByTimeAsync(0);
const offers = () => sent.filter((frame) => frame.type === "softphone_offer");
const lastPeer = (): StandInPeer => {
  const peer = peers[peers.length - 1];
  if (peer === undefined) throw new Error("no peer connection was made");
  return peer;
};
const leg = (legId: string, state: "connecting" | "connected" | "ended"): ServerFrame => ({ type: "softphone", legId, state, ...(state === "ended" ? { reason: "ice_failed" } : {}) });

/** The server answers the latest offer with `legId`, as it does: `connecting` first, then the answer. */
async function answer(legId: string): Promise<void> {
  phone.receive(leg(legId, "connecting"));
  phone.receive({ type: "softphone_answer", legId, sdp: `answer for ${legId}` });
  await settle();
}

/** Available, socket open, offer answered, leg connected. */
async function connected(legId: string): Promise<void> {
  phone.update(true, true);
  await settle();
  await answer(legId);
  phone.receive(leg(legId, "connected"));
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
  sent = [];
  peers = [];
  mics = [];
  socketUp = true;
  retryMicrophone = undefined;
  microphone = async () => {
    const mic = new StandInMic();
    mics.push(mic);
    return mic;
  };
  useSoftphone.getState().set({ status: "off", problem: null, muted: false, audioLocked: false, calls: {} });
  phone = new Softphone<StandInMic>({
    send: (frame) => {
      if (!socketUp) return false;
      sent.push(frame);
      return true;
    },
    iceServers: async () => [],
    openMicrophone: () => microphone(),
    connectPeer: (_mic, _servers, onFailed) => {
      const peer = new StandInPeer(`offer ${peers.length + 1}\r\na=candidate:1 1 udp 1 127.0.0.1 5000 typ host`, onFailed);
      peers.push(peer);
      return peer;
    },
    watchMicrophone: (retry) => {
      retryMicrophone = retry;
      return () => {
        retryMicrophone = undefined;
      };
    },
  });
});

afterEach(() => {
  phone.dispose();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("the softphone", () => {
  it("keeps the calls the server put it into (whether keys reach each caller) until it is taken out or its leg ends", async () => {
    await connected("leg-1");
    expect(phone.receive({ type: "softphone_call", conversationId: "c-twilio", joined: true, keysReachCaller: false })).toBe(true);
    phone.receive({ type: "softphone_call", conversationId: "c-web", joined: true, keysReachCaller: true });
    expect(useSoftphone.getState().calls).toEqual({ "c-twilio": { keysReachCaller: false }, "c-web": { keysReachCaller: true } });
    phone.receive({ type: "softphone_call", conversationId: "c-web", joined: false, keysReachCaller: true });
    expect(useSoftphone.getState().calls).toEqual({ "c-twilio": { keysReachCaller: false } });
    phone.receive(leg("leg-1", "ended"));
    expect(useSoftphone.getState().calls).toEqual({});
  });

  it("offers when the agent is available and the socket open, applies the answer, and is connected when the server says so", async () => {
    phone.update(true, true);
    await settle();
    expect(status()).toBe("connecting");
    expect(offers()).toEqual([{ type: "softphone_offer", sdp: lastPeer().sdp }]);
    await answer("leg-1");
    expect(lastPeer().answer).toBe("answer for leg-1");
    expect(status()).toBe("connecting");
    phone.receive(leg("leg-1", "connected"));
    expect(status()).toBe("connected");
    expect(phone.dtmf("5")).toBe(true);
    expect(lastPeer().tones).toBe("5");
  });

  it("when its leg ends it offers again after a backoff, and a muted agent stays muted on the new leg", async () => {
    await connected("leg-1");
    phone.setMuted(true);
    expect(sent.at(-1)).toEqual({ type: "softphone_mute", muted: true });
    expect(mics[0]?.track.enabled).toBe(false);
    phone.receive(leg("leg-1", "ended"));
    expect(status()).toBe("reconnecting");
    expect(peers[0]?.closed).toBe(true);
    expect(offers()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(700); // first delay: 0.5 s ± 20 %
    expect(offers()).toHaveLength(2);
    await answer("leg-2");
    expect(sent.at(-1)).toEqual({ type: "softphone_mute", muted: true });
    phone.receive(leg("leg-2", "connected"));
    expect(status()).toBe("connected");
    // The microphone was opened once and kept across the reconnect.
    expect(mics).toHaveLength(1);
  });

  it("tries again when the server does not answer, and backs off further each time", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5); // no jitter: 0.5 s, then 1 s
    phone.update(true, true);
    await settle();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(status()).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(500);
    expect(offers()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(10_000 + 900);
    expect(offers()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(100);
    expect(offers()).toHaveLength(3);
  });

  it("a refused microphone blocks it (nothing is offered: the server offers no calls), until the permission comes back", async () => {
    microphone = async () => {
      throw new DOMException("Permission denied", "NotAllowedError");
    };
    phone.update(true, true);
    await settle();
    expect(useSoftphone.getState()).toMatchObject({ status: "blocked", problem: "denied" });
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toEqual([]);
    microphone = async () => new StandInMic();
    retryMicrophone?.();
    await settle();
    expect(useSoftphone.getState()).toMatchObject({ status: "connecting", problem: null });
    expect(offers()).toHaveLength(1);
  });

  it("a microphone lost mid-way hangs the leg up and says so", async () => {
    await connected("leg-1");
    mics[0]?.track.end();
    expect(sent.at(-1)).toEqual({ type: "softphone_hangup" });
    expect(useSoftphone.getState()).toMatchObject({ status: "blocked", problem: "lost" });
    expect(lastPeer().closed).toBe(true);
    expect(mics[0]?.track.stopped).toBe(true);
    expect(phone.dtmf("1")).toBe(false);
  });

  it("gives way to another window of the agent that takes the softphone, and takes it back when that window's leg ends", async () => {
    await connected("leg-1");
    phone.receive(leg("leg-other", "connecting"));
    expect(status()).toBe("elsewhere");
    expect(lastPeer().closed).toBe(true);
    expect(sent.some((frame) => frame.type === "softphone_hangup")).toBe(false); // that would end the other window's leg
    phone.receive(leg("leg-other", "connected"));
    expect(status()).toBe("elsewhere");
    phone.receive(leg("leg-other", "ended"));
    await vi.advanceTimersByTimeAsync(700);
    expect(offers()).toHaveLength(2);
  });

  it("follows the socket: torn down while it is away (the server ended the leg), offered again as soon as it is back", async () => {
    await connected("leg-1");
    socketUp = false;
    phone.update(true, false);
    expect(status()).toBe("reconnecting");
    expect(lastPeer().closed).toBe(true);
    socketUp = true;
    phone.update(true, true);
    await settle();
    expect(offers()).toHaveLength(2);
  });

  it("going away hangs up and releases the microphone; a server without voice says so and is not asked again", async () => {
    await connected("leg-1");
    phone.update(false, true);
    expect(sent.at(-1)).toEqual({ type: "softphone_hangup" });
    expect(status()).toBe("off");
    expect(mics[0]?.track.stopped).toBe(true);

    phone.update(true, true);
    await settle();
    expect(phone.receive({ type: "error", code: "softphone_unavailable", message: "voice is not available on this server" })).toBe(true);
    await settle();
    expect(status()).toBe("unavailable");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(offers()).toHaveLength(2);
  });
});
