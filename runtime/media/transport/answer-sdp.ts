import { isIP } from "node:net";
import type { AudioOffer } from "./audio-offer";

/**
 * The answer the remote peer receives, from libdatachannel's answer to the sanitized offer (one
 * audio m-section): every other m-section of the original offer comes back rejected (port 0, out
 * of the BUNDLE group) in its place, and with `publicIp` our host candidates carry that address.
 */
export function assembleAnswer(nativeAnswer: string, offer: AudioOffer, publicIp: string | undefined): string {
  const lines = nativeAnswer.split(/\r?\n/).filter((line) => line !== "");
  const firstMedia = lines.findIndex((line) => line.startsWith("m="));
  if (firstMedia < 0) throw new Error("libdatachannel's answer has no m-line");
  const session = lines.slice(0, firstMedia);
  const audio = publicIp === undefined ? lines.slice(firstMedia) : withPublicIp(lines.slice(firstMedia), publicIp);
  const sections = offer.sections.flatMap((section, index) => {
    if (index === offer.audioIndex) return audio;
    return [`m=${section.kind} 0 ${section.proto}${section.formats ? ` ${section.formats}` : ""}`, "c=IN IP4 0.0.0.0", ...(section.mid ? [`a=mid:${section.mid}`] : []), "a=inactive"];
  });
  return `${[...session, ...sections].join("\r\n")}\r\n`;
}

/**
 * 1:1 NAT: our host candidates of the public address's family are rewritten to it (duplicates
 * dropped), and so is the m-section's connection line. Other candidates stay as they are.
 */
export function withPublicIp(lines: readonly string[], publicIp: string): string[] {
  const family = isIP(publicIp);
  if (family === 0) throw new Error(`MEDIA_PUBLIC_IP "${publicIp}" is not an IP address`);
  const seen = new Set<string>();
  return lines.flatMap((line) => {
    if (line.startsWith("c=IN ")) return [`c=IN IP${family} ${publicIp}`];
    const candidate = /^a=candidate:(\S+) (\d+) (\S+) (\d+) (\S+) (\d+) typ host(.*)$/.exec(line);
    if (!candidate) return [line];
    const [, foundation, component, transport, priority, address, port, rest] = candidate;
    if (!address || isIP(address) !== family) return [line];
    const key = `${component} ${transport?.toLowerCase()} ${port}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [`a=candidate:${foundation} ${component} ${transport} ${priority} ${publicIp} ${port} typ host${rest}`];
  });
}
