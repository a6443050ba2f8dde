import alawmulaw from "alawmulaw";

/**
 * G.711 μ-law (PCMU) and A-law (PCMA) by table lookup. The tables are built once from alawmulaw's
 * per-sample codecs (the ITU reference arithmetic): 256 entries to decode, 65 536 to encode, and
 * 256 each way between the two laws (for converting cached prompt frames once, not per call).
 */

const MU_TO_PCM = new Int16Array(256);
const A_TO_PCM = new Int16Array(256);
const PCM_TO_MU = new Uint8Array(65536);
const PCM_TO_A = new Uint8Array(65536);
const MU_TO_A = new Uint8Array(256);
const A_TO_MU = new Uint8Array(256);

for (let byte = 0; byte < 256; byte++) {
  MU_TO_PCM[byte] = alawmulaw.mulaw.decodeSample(byte);
  A_TO_PCM[byte] = alawmulaw.alaw.decodeSample(byte);
}
for (let sample = -32768; sample < 32768; sample++) {
  PCM_TO_MU[sample & 0xffff] = alawmulaw.mulaw.encodeSample(sample) & 0xff;
  PCM_TO_A[sample & 0xffff] = alawmulaw.alaw.encodeSample(sample) & 0xff;
}
for (let byte = 0; byte < 256; byte++) {
  MU_TO_A[byte] = PCM_TO_A[(MU_TO_PCM[byte] ?? 0) & 0xffff] ?? 0xd5;
  A_TO_MU[byte] = PCM_TO_MU[(A_TO_PCM[byte] ?? 0) & 0xffff] ?? 0xff;
}

function decodeWith(table: Int16Array, payload: Uint8Array): Int16Array {
  const pcm = new Int16Array(payload.length);
  for (let i = 0; i < payload.length; i++) pcm[i] = table[payload[i] ?? 0] ?? 0;
  return pcm;
}

function encodeWith(table: Uint8Array, pcm: Int16Array): Buffer {
  const out = Buffer.allocUnsafe(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = table[(pcm[i] ?? 0) & 0xffff] ?? 0;
  return out;
}

function mapWith(table: Uint8Array, payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(payload.length);
  for (let i = 0; i < payload.length; i++) out[i] = table[payload[i] ?? 0] ?? 0;
  return out;
}

/** μ-law bytes (one per sample) to 16-bit PCM. */
export const muLawToPcm = (payload: Uint8Array): Int16Array => decodeWith(MU_TO_PCM, payload);
/** 16-bit PCM to μ-law bytes. */
export const pcmToMuLaw = (pcm: Int16Array): Buffer => encodeWith(PCM_TO_MU, pcm);
/** A-law bytes (one per sample) to 16-bit PCM. */
export const aLawToPcm = (payload: Uint8Array): Int16Array => decodeWith(A_TO_PCM, payload);
/** 16-bit PCM to A-law bytes. */
export const pcmToALaw = (pcm: Int16Array): Buffer => encodeWith(PCM_TO_A, pcm);
/** μ-law to A-law, byte for byte (decode, then encode the nearest A-law value). */
export const muLawToALaw = (payload: Uint8Array): Buffer => mapWith(MU_TO_A, payload);
/** A-law to μ-law, byte for byte. */
export const aLawToMuLaw = (payload: Uint8Array): Buffer => mapWith(A_TO_MU, payload);
