import { SipTransport, type SipTransportOptions } from "../sip/sip-transport";
import { SipUserAgent, type SipUserAgentOptions } from "../sip/sip-user-agent";

/** Our SDP answer in UA tests: fixed text (the media plane makes real ones; the UA carries it as is). */
export const TEST_ANSWER_SDP = ["v=0", "o=switchboard 1 1 IN IP4 127.0.0.1", "s=-", "c=IN IP4 127.0.0.1", "t=0 0", "m=audio 40000 RTP/AVP 0 101", "a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000", "a=sendrecv", ""].join("\r\n");

/** Our SDP offer in UA tests (outbound calls). */
export const TEST_OFFER_SDP = ["v=0", "o=switchboard 2 1 IN IP4 127.0.0.1", "s=-", "c=IN IP4 127.0.0.1", "t=0 0", "m=audio 40002 RTP/AVP 0 8 101", "a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000", "a=sendrecv", ""].join("\r\n");

export interface TestUserAgent {
  ua: SipUserAgent;
  transport: SipTransport;
  /** The UDP and TCP port on 127.0.0.1. */
  port: number;
  /** `127.0.0.1:<port>` for sipp's remote argument. */
  address: string;
  close(): Promise<void>;
}

/**
 * RFC 3261 timers scaled down for tests (T1 50 ms): over UDP a finished transaction lingers 64×T1
 * to absorb retransmissions (Timer J, H), 3.2 s here instead of 32 s, so "nothing left" can be
 * checked within a test. Loopback needs no more than this while nothing is lost; a test that
 * makes a peer with the RFC's T1 (sipp: 500 ms) retransmit must use DEFAULT_SIP_TIMERS.
 */
export const TEST_TIMERS = { t1: 50, t2: 400, t4: 500 };

/** A SIP transport (UDP and TCP on 127.0.0.1, a free port) with a user agent on it (`TEST_TIMERS` unless `ua.timers` says otherwise). */
export async function startTestUserAgent(
  options: { transport?: Partial<Omit<SipTransportOptions, "host" | "port">>; ua?: SipUserAgentOptions } = {},
): Promise<TestUserAgent> {
  const transport = await SipTransport.start({ host: "127.0.0.1", port: 0, ...options.transport });
  const ua = new SipUserAgent(transport, { timers: TEST_TIMERS, ...options.ua });
  const port = transport.ports.udp || transport.ports.tcp;
  return {
    ua,
    transport,
    port,
    address: `127.0.0.1:${port}`,
    async close() {
      await ua.close();
      await transport.close();
    },
  };
}

/** Resolves once `check` holds (polled every 10 ms); rejects with `what` after `timeoutMs`. */
export async function waitUntil(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
