import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import BetterSqlite3 from "better-sqlite3";
import { Hono } from "hono";
import twilio from "twilio";

/**
 * The baseline of the Twilio voice bench: the IVR route a developer would write by hand with the
 * official `twilio` package — check X-Twilio-Signature, write one SQLite row, answer TwiML built
 * by VoiceResponse: a menu in a <Gather> on the incoming call, "not an option" and the menu again
 * on the gather callback, a row on the status callback. The same database settings as the runtime
 * (WAL, synchronous NORMAL). Env: HOST, PORT, IVR_DATA_DIR, IVR_PUBLIC_URL, IVR_AUTH_TOKEN.
 */
const host = process.env.HOST ?? "127.0.0.1";
const port = Number(process.env.PORT ?? "0");
const dataDir = process.env.IVR_DATA_DIR;
const publicUrl = process.env.IVR_PUBLIC_URL;
const authToken = process.env.IVR_AUTH_TOKEN;
if (!dataDir || !publicUrl || !authToken) throw new Error("IVR_DATA_DIR, IVR_PUBLIC_URL and IVR_AUTH_TOKEN are required");
mkdirSync(dataDir, { recursive: true });

const sqlite = new BetterSqlite3(join(dataDir, "ivr.db"));
sqlite.pragma("busy_timeout = 5000");
sqlite.pragma("journal_mode = WAL");
sqlite.pragma("synchronous = NORMAL");
sqlite.exec("create table if not exists call_events (id integer primary key, call_sid text not null, kind text not null, digits text, at integer not null)");
const insert = sqlite.prepare<[string, string, string | null, number]>("insert into call_events (call_sid, kind, digits, at) values (?, ?, ?, ?)");

const MENU = "For sales and new orders, press 1 or say sales. For technical support, press 2 or say support. For billing questions, press 3 or say billing.";

function menu(response: twilio.twiml.VoiceResponse): void {
  const gather = response.gather({ input: ["dtmf"], numDigits: 1, timeout: 8, action: `${publicUrl}/voice/gather`, method: "POST" });
  gather.say(MENU);
  response.redirect({ method: "POST" }, `${publicUrl}/voice/gather?timeout=1`);
}

/** Reads and checks a Twilio webhook; undefined when the signature is wrong. */
async function verified(request: Request, path: string): Promise<Record<string, string> | undefined> {
  const params = Object.fromEntries(new URLSearchParams(await request.text()));
  const url = `${publicUrl}${path}${new URL(request.url).search}`;
  return twilio.validateRequest(authToken ?? "", request.headers.get("x-twilio-signature") ?? "", url, params) ? params : undefined;
}

const twiml = (response: twilio.twiml.VoiceResponse) => new Response(response.toString(), { headers: { "content-type": "text/xml" } });

const app = new Hono();
app.get("/health", (c) => c.json({ status: "ok" }));
app.post("/voice", async (c) => {
  const params = await verified(c.req.raw, "/voice");
  if (!params) return c.text("forbidden", 403);
  insert.run(params.CallSid ?? "", "incoming", null, Date.now());
  const response = new twilio.twiml.VoiceResponse();
  response.say("Thank you for calling Acme. Calls may be recorded for quality and training.");
  menu(response);
  return twiml(response);
});
app.post("/voice/gather", async (c) => {
  const params = await verified(c.req.raw, "/voice/gather");
  if (!params) return c.text("forbidden", 403);
  insert.run(params.CallSid ?? "", "gather", params.Digits ?? null, Date.now());
  const response = new twilio.twiml.VoiceResponse();
  response.say("Sorry, I didn't catch that.");
  menu(response);
  return twiml(response);
});
app.post("/voice/status", async (c) => {
  const params = await verified(c.req.raw, "/voice/status");
  if (!params) return c.text("forbidden", 403);
  insert.run(params.CallSid ?? "", `status:${params.CallStatus ?? ""}`, null, Date.now());
  return c.body(null, 204);
});

const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => console.log(`hand-written Twilio IVR listening on ${host}:${info.port}`));
const shutdown = () => {
  server.close(() => {
    sqlite.close();
    process.exit(0);
  });
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
