import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, TEST_API_KEY, type TestServer } from "../test-support/test-server";
import { convert, espeakWav, ffprobe, silentMp3 } from "./test-support/audio-fixtures";

let server: TestServer;
let work: string;
let speech: string;

beforeAll(async () => {
  server = await startTestServer({ SEED_EXAMPLES: "0" });
  work = mkdtempSync(join(tmpdir(), "switchboard-audio-test-"));
  speech = espeakWav(work, "Thank you for calling Acme. Your call is important to us. Please stay on the line.");
});
afterAll(async () => {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
});

interface Asset {
  id: string;
  name: string;
  duration: number;
  durationMs: number;
  size: number;
  contentHash: string;
  sourceFormat: string;
  wavUrl: string;
  oggUrl: string;
}

async function upload(bytes: Uint8Array, fileName: string, name?: string): Promise<{ status: number; body: unknown }> {
  const form = new FormData();
  form.set("file", new Blob([Uint8Array.from(bytes)]), fileName);
  if (name !== undefined) form.set("name", name);
  const response = await fetch(`${server.url}/api/audio`, { method: "POST", headers: { authorization: `Bearer ${TEST_API_KEY}` }, body: form });
  return { status: response.status, body: await response.json() };
}

const audioFolder = () => join(server.dataDir, "audio");
/** Files stored for assets (the work folder of uploads in progress aside). */
const storedFiles = () => (existsSync(audioFolder()) ? readdirSync(audioFolder()).filter((name) => !name.startsWith(".")) : []);
const assetCount = async () => ((await server.api("GET", "/api/audio")).body as Asset[]).length;

describe("uploading audio", () => {
  it("transcodes a real espeak-ng WAV into 8 kHz μ-law mono WAV and OGG/Opus, durations within 5%", async () => {
    const original = ffprobe(speech);
    const bytes = readFileSync(speech);
    const res = await upload(bytes, "welcome.wav", "Welcome");
    expect(res.status).toBe(201);
    const asset = res.body as Asset;
    expect(asset).toMatchObject({ name: "Welcome", sourceFormat: "wav", size: bytes.byteLength, wavUrl: `/audio/${asset.id}.wav`, oggUrl: `/audio/${asset.id}.ogg` });
    expect(asset.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Math.abs(asset.duration - original.duration) / original.duration).toBeLessThan(0.05);

    const phone = ffprobe(join(audioFolder(), `${asset.id}.wav`));
    expect(phone).toMatchObject({ codec: "pcm_mulaw", sampleRate: 8000, channels: 1 });
    expect(Math.abs(phone.duration - original.duration) / original.duration).toBeLessThan(0.05);
    const web = ffprobe(join(audioFolder(), `${asset.id}.ogg`));
    expect(web).toMatchObject({ codec: "opus", channels: 1 });
    expect(Math.abs(web.duration - original.duration) / original.duration).toBeLessThan(0.05);
  });

  it("recognises a duplicate upload by its content hash: 200 with the existing asset", async () => {
    const first = (await server.api("GET", "/api/audio")).body as Asset[];
    const again = await upload(readFileSync(speech), "another-name.wav");
    expect(again.status).toBe(200);
    expect((again.body as Asset).id).toBe(first[0]?.id);
    expect(await assetCount()).toBe(first.length);
  });

  it("accepts MP3, OGG and M4A by their content, whatever the file is called", async () => {
    const formats = [
      { file: convert(speech, join(work, "s.mp3"), ["-c:a", "libmp3lame", "-b:a", "64k"]), format: "mp3", codec: "pcm_mulaw" },
      { file: convert(speech, join(work, "s.ogg"), ["-c:a", "libopus"]), format: "ogg" },
      { file: convert(speech, join(work, "s.m4a"), ["-c:a", "aac"]), format: "m4a" },
    ];
    const original = ffprobe(speech).duration;
    for (const { file, format } of formats) {
      // Named .wav on purpose: the content decides.
      const res = await upload(readFileSync(file), "misnamed.wav");
      expect(res.status, format).toBe(201);
      const asset = res.body as Asset;
      expect(asset.sourceFormat).toBe(format);
      expect(asset.name).toBe("misnamed");
      expect(ffprobe(join(audioFolder(), `${asset.id}.wav`))).toMatchObject({ codec: "pcm_mulaw", sampleRate: 8000, channels: 1 });
      // Encoders pad a little (AAC priming, MP3 frames): still within 5%.
      expect(Math.abs(asset.duration - original) / original, format).toBeLessThan(0.05);
    }
  });

  it("refuses malformed, unsupported, empty and oversize uploads, storing nothing", async () => {
    const before = { count: await assetCount(), files: storedFiles() };
    const header = readFileSync(speech).subarray(0, 12);
    const malformed = Buffer.concat([header, Buffer.from("this is not audio data at all ".repeat(50))]);
    const cases: Array<{ bytes: Uint8Array; status: number; code: string }> = [
      { bytes: malformed, status: 400, code: "invalid_audio" },
      { bytes: Buffer.from("just some text, not audio\n".repeat(20)), status: 400, code: "unsupported_audio" },
      { bytes: new Uint8Array(0), status: 400, code: "invalid_request" },
      // Just over the limit: refused by the upload itself; far over: refused while the body is read.
      { bytes: Buffer.concat([readFileSync(speech).subarray(0, 44), Buffer.alloc(20 * 1024 * 1024 - 43)]), status: 413, code: "audio_too_large" },
      { bytes: Buffer.concat([readFileSync(speech), Buffer.alloc(21 * 1024 * 1024)]), status: 413, code: "audio_too_large" },
    ];
    for (const { bytes, status, code } of cases) {
      const res = await upload(bytes, "bad.wav");
      expect(res.status, code).toBe(status);
      expect(res.body).toMatchObject({ error: { code, message: expect.stringMatching(/^file: /) } });
    }
    const noFile = await server.api("POST", "/api/audio", { name: "json is not a file" });
    expect(noFile).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/^file: /) } } });
    expect(await assetCount()).toBe(before.count);
    expect(storedFiles()).toEqual(before.files);
    expect(existsSync(join(audioFolder(), ".incoming")) ? readdirSync(join(audioFolder(), ".incoming")) : []).toEqual([]);
  });

  it("refuses audio longer than AUDIO_MAX_SECONDS (600 s) with 413 audio_too_long, before transcoding, storing nothing", async () => {
    const before = { count: await assetCount(), files: storedFiles() };
    // Eleven minutes of silence at 8 kbit/s: a small file (about 660 kB) that would be 5 MB of phone WAV.
    const long = silentMp3(join(work, "eleven-minutes.mp3"), 660);
    const started = performance.now();
    const res = await upload(readFileSync(long), "eleven-minutes.mp3");
    expect(res).toMatchObject({
      status: 413,
      body: { error: { code: "audio_too_long", message: expect.stringMatching(/^file: .*600/), details: { maxSeconds: 600, durationSeconds: expect.closeTo(660, 0) } } },
    });
    // Refused on ffprobe's reading (well under a second here); transcoding it first took several seconds.
    expect(performance.now() - started).toBeLessThan(3000);
    expect(await assetCount()).toBe(before.count);
    expect(storedFiles()).toEqual(before.files);
    expect(existsSync(join(audioFolder(), ".incoming")) ? readdirSync(join(audioFolder(), ".incoming")) : []).toEqual([]);
  });

  it("refuses a long MP3 whose header claims it is short: ffmpeg stops a second past the cap and the result is measured", async () => {
    // Ten seconds at 64 kbit/s with its own Xing header, then two minutes at 8 kbit/s: ffprobe reads about 25 s.
    const head = readFileSync(convert(speech, join(work, "head.mp3"), ["-ar", "8000", "-ac", "1", "-c:a", "libmp3lame", "-b:a", "64k"]));
    const tail = readFileSync(silentMp3(join(work, "tail.mp3"), 120));
    const tricky = join(work, "tricky.mp3");
    writeFileSync(tricky, Buffer.concat([head, tail]));
    expect(ffprobe(tricky).duration).toBeLessThan(30);
    const capped = await startTestServer({ SEED_EXAMPLES: "0", AUDIO_MAX_SECONDS: "30" });
    try {
      const form = new FormData();
      form.set("file", new Blob([readFileSync(tricky)]), "tricky.mp3");
      const response = await fetch(`${capped.url}/api/audio`, { method: "POST", headers: { authorization: `Bearer ${TEST_API_KEY}` }, body: form });
      expect(response.status).toBe(413);
      const body = (await response.json()) as { error: { code: string; message: string; details: { maxSeconds: number; durationSeconds: number } } };
      expect(body.error).toMatchObject({ code: "audio_too_long", message: expect.stringMatching(/^file: at least 3\d(\.\d)? s of audio; at most 30 s/), details: { maxSeconds: 30 } });
      expect(body.error.details.durationSeconds).toBeGreaterThan(30);
      expect(body.error.details.durationSeconds).toBeLessThanOrEqual(31.5);
      expect((await capped.api("GET", "/api/audio")).body).toEqual([]);
      const folder = join(capped.dataDir, "audio");
      expect(existsSync(folder) ? readdirSync(folder).filter((name) => name !== ".incoming") : []).toEqual([]);
      expect(existsSync(join(folder, ".incoming")) ? readdirSync(join(folder, ".incoming")) : []).toEqual([]);
    } finally {
      await capped.stop();
    }
  });

  it("renames an asset; agents may list but not upload", async () => {
    const [asset] = (await server.api("GET", "/api/audio")).body as Asset[];
    if (asset === undefined) throw new Error("no asset");
    expect((await server.api("PATCH", `/api/audio/${asset.id}`, { name: "Greeting (new)" })).body).toMatchObject({ id: asset.id, name: "Greeting (new)" });
    expect((await server.api("PATCH", `/api/audio/${asset.id}`, { name: "" })).body).toMatchObject({ error: { message: expect.stringContaining("body.name") } });
    expect((await server.api("PATCH", "/api/audio/nope", { name: "x" })).status).toBe(404);
    const created = await server.api("POST", "/api/api-keys", { name: "agent key", role: "agent" });
    const agentKey = (created.body as { key: string }).key;
    expect((await server.api("GET", "/api/audio", undefined, { key: agentKey })).status).toBe(200);
    const form = new FormData();
    form.set("file", new Blob([readFileSync(speech)]), "x.wav");
    expect((await fetch(`${server.url}/api/audio`, { method: "POST", headers: { authorization: `Bearer ${agentKey}` }, body: form })).status).toBe(403);
  });
});

describe("serving /audio/:id.wav|.ogg", () => {
  it("answers Range requests with 206 and Content-Range, 416 past the end, and cache validators", async () => {
    const [asset] = (await server.api("GET", "/api/audio")).body as Asset[];
    if (asset === undefined) throw new Error("no asset");
    const onDisk = readFileSync(join(audioFolder(), `${asset.id}.wav`));
    const url = `${server.url}${asset.wavUrl}`;

    const whole = await fetch(url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("audio/wav");
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    expect(whole.headers.get("cache-control")).toMatch(/max-age=\d+/);
    expect(whole.headers.get("last-modified")).not.toBeNull();
    const etag = whole.headers.get("etag");
    expect(etag).not.toBeNull();
    expect(Buffer.from(await whole.arrayBuffer()).equals(onDisk)).toBe(true);

    const head = await fetch(url, { headers: { range: "bytes=0-99" } });
    expect(head.status).toBe(206);
    expect(head.headers.get("content-range")).toBe(`bytes 0-99/${onDisk.length}`);
    expect(Buffer.from(await head.arrayBuffer()).equals(onDisk.subarray(0, 100))).toBe(true);

    const tail = await fetch(url, { headers: { range: "bytes=-50" } });
    expect(tail.status).toBe(206);
    expect(tail.headers.get("content-range")).toBe(`bytes ${onDisk.length - 50}-${onDisk.length - 1}/${onDisk.length}`);
    expect(Buffer.from(await tail.arrayBuffer()).equals(onDisk.subarray(onDisk.length - 50))).toBe(true);

    const open = await fetch(url, { headers: { range: `bytes=${onDisk.length - 10}-` } });
    expect(open.status).toBe(206);
    expect((await open.arrayBuffer()).byteLength).toBe(10);

    const past = await fetch(url, { headers: { range: `bytes=${onDisk.length}-` } });
    expect(past.status).toBe(416);
    expect(past.headers.get("content-range")).toBe(`bytes */${onDisk.length}`);

    const cached = await fetch(url, { headers: { "if-none-match": etag ?? "" } });
    expect(cached.status).toBe(304);
    const since = await fetch(url, { headers: { "if-modified-since": whole.headers.get("last-modified") ?? "" } });
    expect(since.status).toBe(304);

    const ogg = await fetch(`${server.url}${asset.oggUrl}`, { headers: { range: "bytes=0-3" } });
    expect(ogg.status).toBe(206);
    expect(Buffer.from(await ogg.arrayBuffer()).toString("latin1")).toBe("OggS");

    expect((await fetch(`${server.url}/audio/no-such-id.wav`)).status).toBe(404);
    expect((await fetch(`${server.url}/audio/${asset.id}.mp3`)).status).toBe(404);
  });

  it("serves the shipped hold music and ringback tone without credentials", async () => {
    for (const path of ["/audio/hold.wav", "/audio/hold.ogg", "/audio/ringback.wav", "/audio/ringback.ogg"]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).toBe(path.endsWith(".wav") ? "audio/wav" : "audio/ogg");
      expect((await res.arrayBuffer()).byteLength, path).toBeGreaterThan(10_000);
    }
  });
});

describe("deleting audio", () => {
  const flowUsing = (id: string, audio: string) => ({
    schemaVersion: 1,
    id,
    name: `Uses ${audio.slice(0, 8)}`,
    entry: "welcome",
    nodes: [
      { id: "welcome", type: "greeting", position: { x: 0, y: 0 }, data: { prompt: { text: "Hello", audio } } },
      { id: "bye", type: "hangup", position: { x: 0, y: 160 }, data: {} },
    ],
    edges: [{ id: "e1", source: "welcome", sourceHandle: "next", target: "bye" }],
  });

  it("is refused while a published version uses the asset, naming the flow and versions", async () => {
    const bytes = readFileSync(convert(speech, join(work, "short.wav"), ["-t", "1"]));
    const asset = (await upload(bytes, "short.wav")).body as Asset;
    // A draft alone does not hold the asset.
    expect((await server.api("POST", "/api/flows", flowUsing("uses-audio", asset.id))).status).toBe(201);
    const other = (await upload(readFileSync(convert(speech, join(work, "other.wav"), ["-t", "2"])), "other.wav")).body as Asset;
    expect((await server.api("POST", "/api/flows", flowUsing("uses-other", other.id))).status).toBe(201);
    expect((await server.api("DELETE", `/api/audio/${other.id}`)).status).toBe(204);
    expect(existsSync(join(audioFolder(), `${other.id}.wav`))).toBe(false);
    expect((await fetch(`${server.url}${other.wavUrl}`)).status).toBe(404);

    expect((await server.api("POST", "/api/flows/uses-audio/publish", { note: "v1" })).status).toBe(201);
    const refused = await server.api("DELETE", `/api/audio/${asset.id}`);
    expect(refused).toMatchObject({ status: 409, body: { error: { code: "audio_in_use", details: { usedBy: [{ flowId: "uses-audio", versions: [1] }] } } } });
    expect((await server.api("GET", `/api/audio/${asset.id}`)).body).toMatchObject({ usedBy: [{ flowId: "uses-audio", versions: [1] }] });
    expect(existsSync(join(audioFolder(), `${asset.id}.wav`))).toBe(true);

    // Once the flow is gone, the asset can go.
    expect((await server.api("DELETE", "/api/flows/uses-audio")).status).toBe(204);
    expect((await server.api("DELETE", `/api/audio/${asset.id}`)).status).toBe(204);
    expect(storedFiles().filter((name) => name.startsWith(asset.id))).toEqual([]);
    expect((await server.api("DELETE", `/api/audio/${asset.id}`)).status).toBe(404);
  });
});

describe("the OpenAPI document", () => {
  it("describes the audio routes", async () => {
    const doc = (await server.api("GET", "/api/openapi.json")).body as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths["/api/audio"] ?? {})).toEqual(expect.arrayContaining(["get", "post"]));
    expect(Object.keys(doc.paths["/api/audio/{id}"] ?? {})).toEqual(expect.arrayContaining(["get", "patch", "delete"]));
    expect(doc.paths["/audio/{file}"]).toBeDefined();
    expect(doc.paths["/api/tts/render"]).toBeDefined();
  });
});

