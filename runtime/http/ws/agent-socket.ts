import type { ServerType } from "@hono/node-server";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Store } from "../../store/open-store";
import type { AppEnv } from "../app-env";
import type { AppOrigins } from "../auth/app-origins";
import type { AgentHub, Softphones } from "./agent-hub";
import { appWebSockets } from "./app-websockets";
import { socketGuard } from "./socket-user";

export const AGENT_SOCKET_PATH = "/ws/agent";

/** Mounts `GET /ws/agent` (WebSocket upgrade) on the app, and hooks the upgrade into the HTTP server. */
export class AgentSocket {
  private inject: ((server: ServerType) => void) | undefined;

  constructor(
    private readonly store: Store,
    private readonly hub: AgentHub,
  ) {}

  /**
   * Before the app's catch-all routes. An upgrade whose Origin is not one of the app's `origins`
   * is refused (403) before the cookie is read: a page elsewhere cannot open an agent's socket.
   */
  mount(app: OpenAPIHono<AppEnv>, origins: AppOrigins): void {
    const sockets = appWebSockets(app);
    const { upgradeWebSocket } = sockets;
    this.inject = (server) => sockets.attach(server);
    app.get(
      AGENT_SOCKET_PATH,
      socketGuard(this.store, origins),
      upgradeWebSocket((c) => {
        const principal = c.get("principal");
        let socketId: Promise<string> | undefined;
        return {
          onOpen: (_event, ws) => {
            socketId = this.hub.attach(principal.id, principal.role, { send: (text) => ws.send(text), close: (code, reason) => ws.close(code, reason) });
            socketId.catch((error: unknown) => {
              console.error("agent socket: opening failed", error);
              ws.close(1011, "could not open the agent socket");
            });
          },
          onMessage: (event, _ws) => {
            const text = typeof event.data === "string" ? event.data : "";
            void socketId?.then((id) => this.hub.receive(id, text)).catch((error: unknown) => console.error("agent socket: a frame failed", error));
          },
          onClose: () => {
            void socketId?.then(
              (id) => this.hub.detach(id),
              () => undefined,
            );
          },
        };
      }),
    );
  }

  /** Agents' softphones connect over this socket (when the media plane runs). */
  useSoftphones(softphones: Softphones): void {
    this.hub.useSoftphones(softphones);
  }

  /** Closes every agent socket (before the HTTP server closes: it waits for open connections). */
  close(): void {
    this.hub.closeAll();
  }

  /** After `serve()`. */
  attach(server: ServerType): void {
    if (this.inject === undefined) throw new Error("mount the agent socket on the app before attaching it to the server");
    this.inject(server);
  }
}
