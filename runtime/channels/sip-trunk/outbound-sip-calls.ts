import { isSipAddress } from "../../../flow-schema/nodes/dial";
import type { CallMode, MediaCalls } from "../../media/calls/media-calls";
import type { SipMediaLinks } from "./sip-media-links";
import type { OutgoingCallOutcome } from "./sip/outgoing-call";
import type { SipUserAgent } from "./sip/sip-user-agent";
import type { SipTrunkChannel } from "./trunk-directory";

/** How long a placed call may ring before it is cancelled (outcome `no_answer`). */
export const DEFAULT_RING_TIMEOUT_MS = 60_000;

const NOT_ANSWERED: Record<OutgoingCallOutcome, "busy" | "no_answer" | "failed" | "canceled"> = {
  busy: "busy",
  no_answer: "no_answer",
  cancelled: "canceled",
  failed: "failed",
};

/** A SIP URI on the trunk: `sip:+15550100123@carrier.example` (`sips:` for TLS, `transport=tcp` for TCP). */
export function trunkUri(channel: SipTrunkChannel, user: string): string {
  const { domain, transport } = channel.settings;
  if (transport === "tls") return `sips:${user}@${domain}`;
  return transport === "tcp" ? `sip:${user}@${domain};transport=tcp` : `sip:${user}@${domain}`;
}

/** The SIP URI of a host setting (registrar, outbound proxy), with the trunk's transport. */
export function hostUri(channel: SipTrunkChannel, host: string): string {
  const { transport } = channel.settings;
  if (transport === "tls") return `sips:${host}`;
  return transport === "tcp" ? `sip:${host};transport=tcp` : `sip:${host}`;
}

/** A caller id a From header's user part can carry as it is (a number, a name without spaces). */
const CALLER_ID = /^\+?[0-9A-Za-z._~-]{1,64}$/;

/** Who we are on the trunk: its first number, else the username it authenticates with. */
export function callerIdOf(channel: SipTrunkChannel): string {
  return channel.settings.numbers?.[0] ?? channel.credentials.username ?? "switchboard";
}

/**
 * Outbound calls through a SIP trunk: an RTP leg makes our offer, the INVITE goes to
 * `sip:<number>@<domain>` (through the outbound proxy when set) with digest credentials for
 * 401/407, early media (183 with SDP) goes to the leg, the answer connects the call, and a call
 * that is not answered is recorded busy, no_answer, failed or canceled. Hanging up before the
 * answer sends CANCEL.
 */
export class OutboundSipCalls {
  constructor(
    private readonly deps: { ua: () => SipUserAgent | undefined; calls: MediaCalls; links: SipMediaLinks; ringTimeoutMs?: number; log(line: string): void },
  ) {}

  /** Places the call; resolves with its id once the INVITE is on its way. `placed` hears the id while the call is live, before the INVITE is sent. */
  async place(input: { channel: SipTrunkChannel; to: string; mode: CallMode; ringTimeoutMs?: number; callerId?: string; placed?: (callId: string) => void }): Promise<{ callId: string }> {
    const ua = this.deps.ua();
    if (ua === undefined) throw new Error("the SIP endpoint is not running");
    const { channel, to } = input;
    const { calls, links } = this.deps;
    // A caller id that cannot be a From user (spaces, a URI) is not sent: the trunk's own is, and the log says so.
    if (input.callerId !== undefined && !CALLER_ID.test(input.callerId)) this.deps.log(`sip: caller id ${JSON.stringify(input.callerId.slice(0, 80))} is not a number or name a From header can carry: using ${callerIdOf(channel)}`);
    const from = input.callerId !== undefined && CALLER_ID.test(input.callerId) ? input.callerId : callerIdOf(channel);
    const { callId, offerSdp } = await calls.placeOutbound({
      channel: { id: channel.id, type: channel.type, flowId: channel.flowId },
      from,
      to,
      codecs: channel.settings.codecs ?? ["PCMU", "PCMA"],
      ...(channel.settings.srtp === true ? { srtp: true } : {}),
      mode: input.mode,
    });
    input.placed?.(callId);
    const { username, password } = channel.credentials;
    // A SIP address is called as it is (through the trunk's outbound proxy when set); a number at the trunk's domain.
    let outgoing;
    try {
      outgoing = ua.invite(isSipAddress(to) ? to.trim() : trunkUri(channel, to), offerSdp, {
        from: { uri: trunkUri(channel, from) },
        ...(username !== undefined && password !== undefined ? { auth: { username, password } } : {}),
        transport: channel.settings.transport,
        ...(channel.settings.outboundProxy === undefined ? {} : { outboundProxy: hostUri(channel, channel.settings.outboundProxy) }),
        ringTimeoutMs: input.ringTimeoutMs ?? this.deps.ringTimeoutMs ?? DEFAULT_RING_TIMEOUT_MS,
      });
    } catch (error) {
      // Refused before it left (a URI the stack cannot send): the call ends failed, nothing is left live.
      await calls.notAnswered(callId, "failed", error instanceof Error ? error.message : String(error));
      throw error;
    }
    let earlySdp: string | undefined;
    const unwatch = calls.watch(callId, (signal) => {
      // Hung up (the agent, the API) before the answer: CANCEL.
      if (signal.state === "ended") outgoing.cancel();
    });
    const report = (error: unknown) => this.deps.log(`sip: call ${callId} to ${to}: ${error instanceof Error ? error.message : String(error)}`);
    outgoing.on("provisional", ({ sdp }) => {
      // Ringing without media: the agent hears ringback (until early media or the answer).
      if (sdp === undefined) {
        calls.ringing(callId);
        return;
      }
      if (earlySdp !== undefined) return;
      earlySdp = sdp;
      calls.remoteSdp(callId, sdp).catch(report);
    });
    outgoing.on("answered", ({ call, sdp }) => {
      unwatch();
      links.link(call, callId);
      const media = sdp !== "" && sdp !== earlySdp ? calls.remoteSdp(callId, sdp) : Promise.resolve();
      media.then(() => calls.answered(callId)).catch((error: unknown) => {
        report(error);
        void calls.hangup(callId, "system", "media_error");
      });
    });
    outgoing.on("failed", ({ outcome, status, reason }) => {
      unwatch();
      calls.notAnswered(callId, NOT_ANSWERED[outcome], `${status} ${reason}`).catch(report);
    });
    return { callId };
  }
}
