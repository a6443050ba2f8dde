import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A tiny stand-in for a Piper voice, built here because no real voice can be downloaded: an ONNX
 * model with Piper's input/output signature (`input` int64 [1, N] phoneme ids, `input_lengths`
 * int64 [1], `scales` float [3] → `output` float [1, 1, T]) and a Piper `.onnx.json` config. It
 * "speaks" each phoneme id as 256 samples of a tone whose pitch follows the id:
 * output = 0.5 · sin(0.02 · cumsum(repeat(ids, 256))). Written with a small protobuf encoder (ONNX
 * is protobuf), so the test needs no Python and no model download.
 */

const SAMPLES_PER_PHONEME = 256;
const SAMPLE_RATE = 16_000;

// ── protobuf wire format ─────────────────────────────────────────────────────────────────────

function varint(value: number | bigint): number[] {
  let rest = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    bytes.push(rest === 0n ? low : low | 0x80);
  } while (rest !== 0n);
  return bytes;
}

const key = (field: number, wire: number): number[] => varint((field << 3) | wire);
const int = (field: number, value: number | bigint): number[] => [...key(field, 0), ...varint(value)];
const bytes = (field: number, data: readonly number[] | Uint8Array): number[] => [...key(field, 2), ...varint(data.length), ...data];
const str = (field: number, text: string): number[] => bytes(field, [...Buffer.from(text, "utf8")]);
const message = (field: number, ...parts: number[][]): number[] => bytes(field, parts.flat());
function float32(field: number, value: number): number[] {
  const buffer = Buffer.alloc(4);
  buffer.writeFloatLE(value);
  return [...key(field, 5), ...buffer];
}

// ── ONNX messages (onnx.proto field numbers) ─────────────────────────────────────────────────

const FLOAT = 1;
const INT64 = 7;

/** TensorProto: dims 1, data_type 2, name 8, raw_data 9. */
function tensor(field: number, name: string, type: number, dims: number[], raw: Buffer): number[] {
  return message(field, ...dims.map((dim) => int(1, dim)), int(2, type), str(8, name), bytes(9, raw));
}

function int64Tensor(name: string, values: number[], dims = [values.length]): number[] {
  const raw = Buffer.alloc(8 * values.length);
  values.forEach((value, index) => raw.writeBigInt64LE(BigInt(value), index * 8));
  return tensor(5, name, INT64, dims, raw);
}

function floatTensor(name: string, values: number[], dims = [values.length]): number[] {
  const raw = Buffer.alloc(4 * values.length);
  values.forEach((value, index) => raw.writeFloatLE(value, index * 4));
  return tensor(5, name, FLOAT, dims, raw);
}

/** NodeProto: input 1, output 2, name 3, op_type 4, attribute 5 (AttributeProto: name 1, i 3, type 20 = INT 2). */
function node(op: string, inputs: string[], output: string, intAttributes: Record<string, number> = {}): number[] {
  return message(
    1,
    ...inputs.map((input) => str(1, input)),
    str(2, output),
    str(3, `${op}_${output}`),
    str(4, op),
    ...Object.entries(intAttributes).map(([name, value]) => message(5, str(1, name), int(3, value), int(20, 2))),
  );
}

/** ValueInfoProto: name 1, type 2 (TypeProto.tensor_type 1: elem_type 1, shape 2 (dim 1: dim_value 1 | dim_param 2)). */
function valueInfo(field: number, name: string, type: number, dims: Array<number | string>): number[] {
  const shape = dims.map((dim) => message(1, typeof dim === "number" ? int(1, dim) : str(2, dim)));
  return message(field, str(1, name), message(2, message(1, int(1, type), message(2, ...shape))));
}

/** The model's bytes. */
export function standInModel(): Buffer {
  const graph = message(
    7,
    node("Cast", ["input"], "ids", { to: FLOAT }),
    node("Unsqueeze", ["ids", "axis2"], "ids3"),
    node("Tile", ["ids3", "repeats"], "held"),
    node("Reshape", ["held", "flat_shape"], "flat"),
    node("CumSum", ["flat", "axis_last"], "phase_steps"),
    node("Mul", ["phase_steps", "step"], "phase"),
    node("Sin", ["phase"], "wave"),
    node("Mul", ["wave", "gain"], "output"),
    str(2, "piper_stand_in"),
    int64Tensor("axis2", [2]),
    int64Tensor("repeats", [1, 1, SAMPLES_PER_PHONEME]),
    int64Tensor("flat_shape", [1, 1, -1]),
    int64Tensor("axis_last", [2], []),
    floatTensor("step", [0.02], []),
    floatTensor("gain", [0.5], []),
    valueInfo(11, "input", INT64, [1, "phonemes"]),
    valueInfo(11, "input_lengths", INT64, [1]),
    valueInfo(11, "scales", FLOAT, [3]),
    valueInfo(12, "output", FLOAT, [1, 1, "samples"]),
  );
  // ModelProto: ir_version 1, producer_name 2, graph 7, opset_import 8 (domain 1, version 2).
  return Buffer.from([...int(1, 7), ...str(2, "switchboard-tests"), ...graph, ...message(8, str(1, ""), int(2, 13))]);
}

/** A Piper voice config for the stand-in (the fields piper-tts-web reads). */
export function standInConfig(): Record<string, unknown> {
  const symbols = ["_", "^", "$", " ", "!", "'", "(", ")", ",", "-", ".", ":", ";", "?", "a", "b", "c", "d", "e", "f", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z"];
  return {
    audio: { sample_rate: SAMPLE_RATE, quality: "x_low" },
    espeak: { voice: "en-us" },
    inference: { noise_scale: 0.667, length_scale: 1, noise_w: 0.8 },
    phoneme_type: "espeak",
    phoneme_id_map: Object.fromEntries(symbols.map((symbol, index) => [symbol, [index]])),
    num_symbols: 256,
    num_speakers: 1,
    speaker_id_map: {},
    language: { code: "en_US", family: "en", region: "US" },
    dataset: "switchboard-stand-in",
  };
}

/** Writes `<folder>/<voice>.onnx` and `<voice>.onnx.json`. */
export function writeStandInVoice(folder: string, voice: string): { model: string; config: string } {
  mkdirSync(folder, { recursive: true });
  const model = join(folder, `${voice}.onnx`);
  const config = join(folder, `${voice}.onnx.json`);
  writeFileSync(model, standInModel());
  writeFileSync(config, JSON.stringify(standInConfig(), null, 2));
  return { model, config };
}

export const STAND_IN = { samplesPerPhoneme: SAMPLES_PER_PHONEME, sampleRate: SAMPLE_RATE };
