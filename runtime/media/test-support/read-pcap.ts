import { readFileSync } from "node:fs";

/** sipp's RTP captures (Debian's sip-tester package). */
export const SIPP_PCAP_DIR = "/usr/share/sip-tester";

/**
 * The UDP payloads of a classic libpcap file (Ethernet, IPv4), in capture order: enough to feed
 * real captured RTP (sipp's `dtmf_2833_*.pcap`, `g711a.pcap`) to the media code in tests.
 */
export function readPcapUdpPayloads(path: string): Buffer[] {
  const file = readFileSync(path);
  const magic = file.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!le && file.readUInt32BE(0) !== 0xa1b2c3d4 && file.readUInt32BE(0) !== 0xa1b23c4d) throw new Error(`${path}: not a pcap file`);
  const u32 = (at: number) => (le ? file.readUInt32LE(at) : file.readUInt32BE(at));
  const linkType = u32(20);
  if (linkType !== 1) throw new Error(`${path}: link type ${linkType}, only Ethernet (1) is read`);
  const payloads: Buffer[] = [];
  let offset = 24;
  while (offset + 16 <= file.length) {
    const length = u32(offset + 8);
    const frame = file.subarray(offset + 16, offset + 16 + length);
    offset += 16 + length;
    if (frame.length < 14 || frame.readUInt16BE(12) !== 0x0800) continue;
    const ip = frame.subarray(14);
    const headerLength = ((ip[0] ?? 0) & 0x0f) * 4;
    if (ip[9] !== 17) continue;
    const udp = ip.subarray(headerLength);
    const udpLength = udp.readUInt16BE(4);
    payloads.push(Buffer.from(udp.subarray(8, udpLength)));
  }
  return payloads;
}
