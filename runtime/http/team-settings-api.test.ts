import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { convert, espeakWav } from "../audio/test-support/audio-fixtures";
import { startTestServer, TEST_API_KEY, type TestServer } from "../test-support/test-server";

let server: TestServer;
let work: string;
let assetId = "";

const Team = z.object({
  id: z.string(),
  name: z.string(),
  routingStrategy: z.string(),
  offerTimeoutSeconds: z.number(),
  holdAudio: z.string().nullable(),
  transferTimeoutSeconds: z.number().nullable(),
  capacity: z.number().nullable(),
});
const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }) });

/** Uploads one short WAV made by espeak-ng; returns its asset id. */
async function uploadAsset(text: string, name: string): Promise<string> {
  const wav = convert(espeakWav(work, text, `${name}-speech.wav`), join(work, `${name}.wav`), ["-t", "1"]);
  const form = new FormData();
  form.set("file", new Blob([Uint8Array.from(readFileSync(wav))]), `${name}.wav`);
  const response = await fetch(`${server.url}/api/audio`, { method: "POST", headers: { authorization: `Bearer ${TEST_API_KEY}` }, body: form });
  expect(response.status).toBe(201);
  return z.object({ id: z.string() }).parse(await response.json()).id;
}

beforeAll(async () => {
  server = await startTestServer({ SEED_EXAMPLES: "0" });
  work = mkdtempSync(join(tmpdir(), "switchboard-team-settings-"));
  assetId = await uploadAsset("Please hold for the next agent.", "hold-music");
});
afterAll(async () => {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("team settings over the API", () => {
  it("a new team has none: hold audio, transfer timeout and capacity are null", async () => {
    const created = await server.api("POST", "/api/teams", { id: "plain", name: "Plain" });
    expect(created.status, created.text).toBe(201);
    expect(Team.parse(created.body)).toMatchObject({ routingStrategy: "broadcast", offerTimeoutSeconds: 20, holdAudio: null, transferTimeoutSeconds: null, capacity: null });
  });

  it("round trip: set on create, change with PATCH, read back with GET, clear with null", async () => {
    const created = await server.api("POST", "/api/teams", { id: "desk", name: "Desk", holdAudio: assetId, transferTimeoutSeconds: 45, capacity: 2 });
    expect(created.status, created.text).toBe(201);
    expect(Team.parse(created.body)).toMatchObject({ holdAudio: assetId, transferTimeoutSeconds: 45, capacity: 2 });

    const patched = await server.api("PATCH", "/api/teams/desk", { holdAudio: "ringback", transferTimeoutSeconds: 300, capacity: 5, routingStrategy: "round_robin", offerTimeoutSeconds: 15, name: "Front desk" });
    expect(patched.status, patched.text).toBe(200);
    expect(Team.parse(patched.body)).toMatchObject({ name: "Front desk", routingStrategy: "round_robin", offerTimeoutSeconds: 15, holdAudio: "ringback", transferTimeoutSeconds: 300, capacity: 5 });

    // Only the fields given change.
    const partial = await server.api("PATCH", "/api/teams/desk", { capacity: 4 });
    expect(Team.parse(partial.body)).toMatchObject({ holdAudio: "ringback", transferTimeoutSeconds: 300, capacity: 4 });
    expect(Team.parse((await server.api("GET", "/api/teams/desk")).body)).toMatchObject({ holdAudio: "ringback", transferTimeoutSeconds: 300, capacity: 4 });
    const listed = z.array(Team).parse((await server.api("GET", "/api/teams")).body);
    expect(listed.find((team) => team.id === "desk")).toMatchObject({ holdAudio: "ringback", transferTimeoutSeconds: 300, capacity: 4 });

    const cleared = await server.api("PATCH", "/api/teams/desk", { holdAudio: null, transferTimeoutSeconds: null, capacity: null });
    expect(Team.parse(cleared.body)).toMatchObject({ holdAudio: null, transferTimeoutSeconds: null, capacity: null });
    expect(Team.parse((await server.api("PATCH", "/api/teams/desk", { holdAudio: "hold" })).body).holdAudio).toBe("hold");
  });

  it("refuses bad values with 400 naming the field, and changes nothing", async () => {
    await server.api("POST", "/api/teams", { id: "strict", name: "Strict", holdAudio: "ringback", transferTimeoutSeconds: 60, capacity: 3 });
    const cases: Array<[unknown, string]> = [
      [{ holdAudio: "no-such-audio" }, "body.holdAudio"],
      [{ holdAudio: "" }, "body.holdAudio"],
      [{ holdAudio: 7 }, "body.holdAudio"],
      [{ transferTimeoutSeconds: 4 }, "body.transferTimeoutSeconds"],
      [{ transferTimeoutSeconds: 3601 }, "body.transferTimeoutSeconds"],
      [{ transferTimeoutSeconds: 12.5 }, "body.transferTimeoutSeconds"],
      [{ capacity: 0 }, "body.capacity"],
      [{ capacity: 101 }, "body.capacity"],
      [{ capacity: "2" }, "body.capacity"],
      [{ capacity: 2, holdAudio: "missing" }, "body.holdAudio"],
      [{ offerTimeoutSeconds: 0 }, "body.offerTimeoutSeconds"],
      [{ routingStrategy: "random" }, "body.routingStrategy"],
      [{ color: "red" }, "body"],
    ];
    for (const [body, field] of cases) {
      const res = await server.api("PATCH", "/api/teams/strict", body);
      expect(res.status, `${JSON.stringify(body)}: ${res.text}`).toBe(400);
      expect(ErrorBody.parse(res.body).error.message.startsWith(`${field}`), `${JSON.stringify(body)}: ${res.text}`).toBe(true);
    }
    expect(Team.parse((await server.api("GET", "/api/teams/strict")).body)).toMatchObject({ holdAudio: "ringback", transferTimeoutSeconds: 60, capacity: 3 });

    const unknownAudio = await server.api("POST", "/api/teams", { id: "ghostly", name: "Ghostly", holdAudio: "no-such-audio" });
    expect(unknownAudio.status).toBe(400);
    expect(ErrorBody.parse(unknownAudio.body).error).toMatchObject({ code: "audio_not_found", message: expect.stringMatching(/^body\.holdAudio: audio no-such-audio does not exist/) });
    expect((await server.api("GET", "/api/teams/ghostly")).status).toBe(404);
    expect(ErrorBody.parse((await server.api("POST", "/api/teams", { id: "bad-cap", name: "Bad", capacity: -1 })).body).error.message).toMatch(/^body\.capacity/);
    expect((await server.api("PATCH", "/api/teams/nope", { capacity: 2 })).status).toBe(404);
  });

  it("recording: off by default, agent or call, set on create and with PATCH; any other value is 400 naming body.recording and changes nothing", async () => {
    const created = await server.api("POST", "/api/teams", { id: "taped", name: "Taped" });
    expect(created.body).toMatchObject({ recording: "off" });
    expect((await server.api("PATCH", "/api/teams/taped", { recording: "agent" })).body).toMatchObject({ recording: "agent" });
    expect((await server.api("PATCH", "/api/teams/taped", { capacity: 4 })).body).toMatchObject({ recording: "agent", capacity: 4 });
    expect((await server.api("GET", "/api/teams/taped")).body).toMatchObject({ recording: "agent" });
    expect(await server.store.teams.defaults("taped")).toMatchObject({ recording: "agent" });
    expect((await server.api("POST", "/api/teams", { id: "whole", name: "Whole", recording: "call" })).body).toMatchObject({ recording: "call" });

    for (const recording of ["always", "", null, true, "AGENT"]) {
      const refused = await server.api("PATCH", "/api/teams/taped", { recording });
      expect(refused.status, refused.text).toBe(400);
      expect(ErrorBody.parse(refused.body).error.message, refused.text).toMatch(/^body\.recording/);
    }
    expect(ErrorBody.parse((await server.api("POST", "/api/teams", { id: "nope-rec", name: "Nope", recording: "maybe" })).body).error.message).toMatch(/^body\.recording/);
    expect((await server.api("GET", "/api/teams/taped")).body).toMatchObject({ recording: "agent" });
    expect((await server.api("GET", "/api/teams/nope-rec")).status).toBe(404);
  });

  it("agents may read team settings but not change them", async () => {
    const issued = await server.api("POST", "/api/api-keys", { name: "agent key", role: "agent" });
    const key = z.object({ key: z.string() }).parse(issued.body).key;
    expect((await server.api("GET", "/api/teams/strict", undefined, { key })).status).toBe(200);
    expect((await server.api("PATCH", "/api/teams/strict", { capacity: 9 }, { key })).status).toBe(403);
  });

  it("deleting an asset a team plays as hold audio is refused with 409 naming the team, until the team lets go", async () => {
    const music = await uploadAsset("Your call matters to us.", "team-music");
    expect((await server.api("POST", "/api/teams", { id: "music", name: "Music desk", holdAudio: music })).status).toBe(201);
    const refused = await server.api("DELETE", `/api/audio/${music}`);
    expect(refused.status, refused.text).toBe(409);
    expect(ErrorBody.parse(refused.body).error).toMatchObject({
      code: "audio_in_use",
      message: expect.stringContaining("music"),
      details: { usedBy: [], usedByTeams: [{ id: "music", name: "Music desk" }] },
    });
    expect((await server.api("GET", `/api/audio/${music}`)).body).toMatchObject({ usedBy: [], usedByTeams: [{ id: "music", name: "Music desk" }] });
    expect(existsSync(join(server.dataDir, "audio", `${music}.wav`))).toBe(true);

    expect((await server.api("PATCH", "/api/teams/music", { holdAudio: "ringback" })).status).toBe(200);
    expect((await server.api("DELETE", `/api/audio/${music}`)).status).toBe(204);
    expect(existsSync(join(server.dataDir, "audio", `${music}.wav`))).toBe(false);
    // Once gone, a team cannot name it.
    expect((await server.api("PATCH", "/api/teams/music", { holdAudio: music })).status).toBe(400);
  });

  it("the store refuses the delete itself while a team names the asset (no check-then-delete gap)", async () => {
    const music = await uploadAsset("One moment please.", "raced-music");
    expect((await server.api("POST", "/api/teams", { id: "raced", name: "Raced", holdAudio: music })).status).toBe(201);
    expect(await server.store.audio.delete(music)).toBe(false);
    expect(await server.store.audio.get(music)).toBeDefined();
  });

  it("the OpenAPI document describes the team settings", async () => {
    const doc = z
      .object({ paths: z.record(z.string(), z.record(z.string(), z.unknown())), components: z.object({ schemas: z.record(z.string(), z.object({ properties: z.record(z.string(), z.unknown()).optional() })) }) })
      .parse((await server.api("GET", "/api/openapi.json")).body);
    expect(Object.keys(doc.paths["/api/teams/{id}"] ?? {})).toEqual(expect.arrayContaining(["get", "patch"]));
    expect(Object.keys(doc.components.schemas.Team?.properties ?? {})).toEqual(expect.arrayContaining(["holdAudio", "transferTimeoutSeconds", "capacity", "recording"]));
    expect(Object.keys(doc.components.schemas.TeamChange?.properties ?? {})).toEqual(expect.arrayContaining(["holdAudio", "transferTimeoutSeconds", "capacity", "recording"]));
  });
});
