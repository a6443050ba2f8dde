import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { assembleAnswer, withPublicIp } from "./answer-sdp";
import { readAudioOffer } from "./audio-offer";

const CHROMIUM = readFileSync(new URL("./fixtures/chromium-offer.sdp", import.meta.url), "utf8");

/** An answer as libdatachannel writes it when bound to every interface. */
const NATIVE_ANSWER = [
  "v=0",
  "o=rtc 2298540848 0 IN IP4 10.0.0.5",
  "s=-",
  "t=0 0",
  "a=group:BUNDLE 0",
  "a=group:LS 0",
  "a=msid-semantic:WMS *",
  "a=ice-options:ice2,trickle",
  "a=fingerprint:sha-256 A0:6D:3B:8B:5C:54:9C:30:0B:53:23:4E:3A:E9:F6:33:11:AA:63:7F:5F:87:62:8B:72:D8:81:05:6A:61:BE:48",
  "m=audio 19720 UDP/TLS/RTP/SAVPF 111 126",
  "c=IN IP4 10.0.0.5",
  "a=mid:0",
  "a=sendrecv",
  "a=ssrc:1234 cname:cn",
  "a=rtcp-mux",
  "a=rtpmap:111 opus/48000/2",
  "a=rtpmap:126 telephone-event/8000",
  "a=setup:active",
  "a=ice-ufrag:D2ux",
  "a=ice-pwd:W3dGNCVt0YqQLvkaOfQ8YZ",
  "a=candidate:1 1 UDP 2122317823 10.0.0.5 19720 typ host",
  "a=candidate:2 1 UDP 2122317567 172.17.0.1 19720 typ host",
  "a=candidate:3 1 UDP 2122316543 2001:db8::5 19720 typ host",
  "a=candidate:4 1 UDP 1686109951 198.51.100.9 19720 typ srflx raddr 10.0.0.5 rport 19720",
  "a=end-of-candidates",
  "",
].join("\r\n");

describe("the answer sent back", () => {
  it("with MEDIA_PUBLIC_IP, every IPv4 host candidate carries the public address once; srflx and IPv6 stay", () => {
    const lines = withPublicIp(NATIVE_ANSWER.split("\r\n"), "203.0.113.7");
    const candidates = lines.filter((line) => line.startsWith("a=candidate:"));
    expect(candidates).toEqual([
      "a=candidate:1 1 UDP 2122317823 203.0.113.7 19720 typ host",
      "a=candidate:3 1 UDP 2122316543 2001:db8::5 19720 typ host",
      "a=candidate:4 1 UDP 1686109951 198.51.100.9 19720 typ srflx raddr 10.0.0.5 rport 19720",
    ]);
    expect(lines).toContain("c=IN IP4 203.0.113.7");
    expect(lines.join("\n")).not.toMatch(/a=candidate:\S+ 1 UDP \d+ (10\.0\.0\.5|172\.17\.0\.1) /);
  });

  it("an IPv6 public address rewrites the IPv6 host candidates only", () => {
    const candidates = withPublicIp(NATIVE_ANSWER.split("\r\n"), "2001:db8::99").filter((line) => line.includes("typ host"));
    expect(candidates.map((line) => line.split(" ")[4])).toEqual(["10.0.0.5", "172.17.0.1", "2001:db8::99"]);
  });

  it("refuses a public address that is not an IP", () => {
    expect(() => withPublicIp([], "media.example.com")).toThrow(/not an IP address/);
  });

  it("an offer with video and data before its audio gets them back rejected (port 0) in their places", () => {
    const video = "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=rtpmap:96 VP8/90000\r\n";
    const data = "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:2\r\n";
    const offer = readAudioOffer(CHROMIUM.replace("m=audio", `${video}${data}m=audio`));
    const answer = assembleAnswer(NATIVE_ANSWER, offer, undefined).split("\r\n");
    const mLines = answer.filter((line) => line.startsWith("m="));
    expect(mLines).toEqual(["m=video 0 UDP/TLS/RTP/SAVPF 96 97", "m=application 0 UDP/DTLS/SCTP webrtc-datachannel", "m=audio 19720 UDP/TLS/RTP/SAVPF 111 126"]);
    expect(answer.filter((line) => line.startsWith("a=mid:"))).toEqual(["a=mid:1", "a=mid:2", "a=mid:0"]);
    expect(answer).toContain("a=group:BUNDLE 0");
    expect(answer.at(-1)).toBe("");
  });
});
