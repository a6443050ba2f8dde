import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Rooms } from "../../rooms/rooms";
import { liveFigures } from "../../rooms/live-figures";
import type { Store } from "../../store/open-store";
import type { AppEnv } from "../app-env";
import type { AppOrigins } from "../auth/app-origins";
import { appWebSockets } from "./app-websockets";
import { LiveHub, type LiveSink } from "./live-hub";
import { socketGuard } from "./socket-user";

export const LIVE_SOCKET_PATH = "/ws/live";

/**
 * Mounts `GET /ws/live` (WebSocket upgrade, admins): the dashboard's live tiles. Unlike
 * `/ws/agent` it is no presence: an admin watching the dashboard does not come online for offers.
 */
export function mountLiveSocket(app: OpenAPIHono<AppEnv>, origins: AppOrigins, deps: { store: Store; rooms: Rooms; log: (line: string) => void }): LiveHub {
  const hub = new LiveHub({
    read: () => liveFigures(deps.store, deps.rooms.presence, Date.now()),
    onError: (error) => deps.log(`live figures: ${error instanceof Error ? error.message : String(error)}`),
  });
  // A message changes no queue, agent or call: only the other room events ask for a read.
  deps.rooms.bus.subscribe((event) => {
    if (event.type !== "conversation.message") hub.changed();
  });
  const { upgradeWebSocket } = appWebSockets(app);
  app.get(
    LIVE_SOCKET_PATH,
    socketGuard(deps.store, origins, ["admin"]),
    upgradeWebSocket(() => {
      let sink: LiveSink | undefined;
      return {
        onOpen: (_event, ws) => {
          sink = { send: (text) => ws.send(text) };
          hub.attach(sink);
        },
        onClose: () => {
          if (sink !== undefined) hub.detach(sink);
        },
      };
    }),
  );
  return hub;
}
