import type { ServerType } from "@hono/node-server";
import { createNodeWebSocket, type NodeWebSocket } from "@hono/node-ws";
import type { Hono } from "hono";

interface AppWebSockets {
  upgradeWebSocket: NodeWebSocket["upgradeWebSocket"];
  /** Hooks the upgrades into the HTTP server (once per server, whoever asks first). */
  attach(server: ServerType): void;
  /** Closes every open socket of the app (before the HTTP server closes: it waits for them). */
  closeAll(code: number, reason: string): void;
}

/** The largest frame a socket accepts (a bigger one closes it with 1009). */
export const MAX_FRAME_BYTES = 64 * 1024;

const byApp = new WeakMap<object, AppWebSockets>();
const attached = new WeakSet<object>();

/**
 * One `@hono/node-ws` instance per app, shared by every socket route (`/ws/agent`,
 * `/ws/webchat/:channelId`). Two instances on one server would both answer every upgrade: each
 * runs the app for the request and ends the socket when the route was not its own.
 */
export function appWebSockets<E extends { Variables: object }>(app: Hono<E>): AppWebSockets {
  const known = byApp.get(app);
  if (known !== undefined) return known;
  const node = createNodeWebSocket({ app });
  // Every client frame of our protocols is small: refuse big ones in ws itself (its default is 100 MiB).
  node.wss.options.maxPayload = MAX_FRAME_BYTES;
  const sockets: AppWebSockets = {
    upgradeWebSocket: node.upgradeWebSocket,
    attach(server) {
      if (attached.has(server)) return;
      attached.add(server);
      node.injectWebSocket(server);
    },
    closeAll(code, reason) {
      for (const client of node.wss.clients) client.close(code, reason);
    },
  };
  byApp.set(app, sockets);
  return sockets;
}
