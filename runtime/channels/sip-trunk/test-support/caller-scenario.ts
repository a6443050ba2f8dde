import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The pcap file of a key for sipp's `play_pcap_audio` (relative to sipp's cwd, where `pcap` links to Debian's files). */
function digitPcap(key: string): string {
  const name = key === "#" ? "pound" : key === "*" ? "star" : key;
  if (!/^[0-9]$|^pound$|^star$/.test(name)) throw new Error(`sipp has no pcap for key ${key}`);
  return `pcap/dtmf_2833_${name}.pcap`;
}

export interface CallerScenario {
  /** Keys pressed after the answer (RFC 2833 from sipp's pcaps), `gapMs` apart. */
  keys: string;
  /** Before the first key (after the ACK), default 1500 ms: the greeting plays. */
  waitMs?: number;
  gapMs?: number;
  /** `caller` hangs up (BYE) `holdMs` after the last key; `callee`: sipp waits for our BYE and answers it. */
  hangup: { by: "caller"; holdMs: number } | { by: "callee" };
  /** How keys travel: RFC 2833 packets (default) or SIP INFO `application/dtmf-relay`, as some carriers send them. */
  keysBy?: "rfc2833" | "info";
  /**
   * Speech instead of (or before) keys: an 8 kHz μ-law WAV sipp streams as RTP (`rtp_stream`, PCMU)
   * after `waitMs`, then `sayMs` of pause (its length) before the keys or the hang-up.
   */
  say?: { wav: string; sayMs: number };
  /** The SDP offer's formats (default `8 101`: PCMA and telephone-event, as uac_pcap offers). */
  offer?: "8 101" | "0 101" | "0 8 101";
}

const RTPMAP: Record<string, string> = { "0": "a=rtpmap:0 PCMU/8000", "8": "a=rtpmap:8 PCMA/8000", "101": "a=rtpmap:101 telephone-event/8000\n      a=fmtp:101 0-15" };

/**
 * A sipp caller scenario (XML written to a temp file; returns its path): INVITE with a G.711
 * offer, ACK, keys pressed as RFC 2833 events, then BYE from the caller or a wait for ours.
 */
export function callerScenario(options: CallerScenario): string {
  const gap = options.gapMs ?? 600;
  const pressed = [...options.keys];
  const press = (key: string, index: number) =>
    options.keysBy === "info"
      ? `  <send retrans="500">
    <![CDATA[

      INFO [next_url] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: sipp <sip:+15550100999@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: ${index + 2} INFO
      Max-Forwards: 70
      Content-Type: application/dtmf-relay
      Content-Length: [len]

      Signal=${key}
      Duration=160

    ]]>
  </send>
  <recv response="200"/>`
      : `  <nop><action><exec play_pcap_audio="${digitPcap(key)}"/></action></nop>`;
  const keys = pressed.map((key, index) => `${index === 0 ? "" : `  <pause milliseconds="${gap}"/>\n`}${press(key, index)}`).join("\n");
  const formats = options.offer ?? "8 101";
  const rtpmaps = formats.split(" ").map((pt) => `      ${RTPMAP[pt] ?? ""}`).join("\n");
  const ending =
    options.hangup.by === "caller"
      ? `  <pause milliseconds="${options.hangup.holdMs}"/>
  <send retrans="500">
    <![CDATA[

      BYE [next_url] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: sipp <sip:+15550100999@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: ${(options.keysBy === "info" ? pressed.length : 0) + 2} BYE
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>
  <recv response="200" crlf="true"/>`
      : `  <recv request="BYE" timeout="30000"/>
  <send>
    <![CDATA[

      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0

    ]]>
  </send>`;
  const xml = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="caller pressing ${options.keys}">
  <send retrans="500">
    <![CDATA[

      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: sipp <sip:+15550100999@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: <sip:sipp@[local_ip]:[local_port];transport=[transport]>
      Max-Forwards: 70
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP ${formats}
${rtpmaps}

    ]]>
  </send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="183" optional="true"/>
  <recv response="200" rtd="true" rrs="true"/>
  <send>
    <![CDATA[

      ACK [next_url] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: sipp <sip:+15550100999@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>
  <pause milliseconds="${options.waitMs ?? 1500}"/>
${options.say === undefined ? "" : `  <nop><action><exec rtp_stream="${options.say.wav},1,0"/></action></nop>\n  <pause milliseconds="${options.say.sayMs}"/>`}
${keys}
${ending}
</scenario>
`;
  const dir = mkdtempSync(join(tmpdir(), "switchboard-scenario-"));
  const path = join(dir, "caller.xml");
  writeFileSync(path, xml);
  return path;
}
