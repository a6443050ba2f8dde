/**
 * The Ogg page checksum (RFC 3533 §6): CRC-32 with polynomial 0x04C11DB7, initial value 0, not
 * reflected, no final XOR, over the whole page with its CRC field set to zero.
 */

const TABLE = new Uint32Array(256);
for (let i = 0; i < 256; i++) {
  let r = i << 24;
  for (let bit = 0; bit < 8; bit++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
  TABLE[i] = r >>> 0;
}

/** The CRC of `data`, continuing from `crc` (0 to start). */
export function oggCrc(data: Uint8Array, crc = 0): number {
  let c = crc >>> 0;
  for (let i = 0; i < data.length; i++) c = ((c << 8) ^ (TABLE[((c >>> 24) ^ (data[i] ?? 0)) & 0xff] ?? 0)) >>> 0;
  return c;
}
