import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import BetterSqlite3 from "better-sqlite3";
import { Hono } from "hono";

/**
 * The baseline of the runtime load bench: a bare Hono route that parses a JSON body and does one
 * SQLite insert per request, with the runtime's database settings (WAL, synchronous NORMAL).
 * Env: HOST, PORT, BARE_DATA_DIR. Run as a child process by bench/runtime-load.bench.ts.
 */
const host = process.env.HOST ?? "127.0.0.1";
const port = Number(process.env.PORT ?? "0");
const dataDir = process.env.BARE_DATA_DIR;
if (!dataDir) throw new Error("BARE_DATA_DIR is required");
mkdirSync(dataDir, { recursive: true });

const sqlite = new BetterSqlite3(join(dataDir, "bare.db"));
sqlite.pragma("busy_timeout = 5000");
sqlite.pragma("journal_mode = WAL");
sqlite.pragma("synchronous = NORMAL");
sqlite.exec("create table if not exists events (id integer primary key, session_id text not null, body text not null, at integer not null)");
const insert = sqlite.prepare<[string, string, number]>("insert into events (session_id, body, at) values (?, ?, ?)");

const app = new Hono();
app.get("/health", (c) => c.json({ status: "ok" }));
app.post("/events", async (c) => {
  const body: unknown = await c.req.json();
  const sessionId = typeof body === "object" && body !== null && "sessionId" in body ? String(body.sessionId) : "";
  const info = insert.run(sessionId, JSON.stringify(body), Date.now());
  return c.json({ ok: true, id: Number(info.lastInsertRowid) }, 201);
});

const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => console.log(`bare server listening on ${host}:${info.port}`));
const shutdown = () => {
  server.close(() => {
    sqlite.close();
    process.exit(0);
  });
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
