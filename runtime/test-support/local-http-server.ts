import type { AddressInfo } from "node:net";
import { type ServerType, serve } from "@hono/node-server";

/** A real HTTP server on 127.0.0.1 (an ephemeral port) answering with `handle`: the plumbing of the providers' stand-ins. */
export interface LocalHttpServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Closes every connection (requests still waiting included) and the server. */
  close(): Promise<void>;
}

export async function startLocalHttpServer(handle: (request: Request) => Response | Promise<Response>): Promise<LocalHttpServer> {
  const server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: handle, hostname: "127.0.0.1", port: 0 }, () => resolve(started));
  });
  const address = server.address();
  if (address === null || typeof address !== "object") throw new Error("the local server has no port");
  return {
    origin: `http://127.0.0.1:${(address satisfies AddressInfo).port}`,
    close: async () => {
      if ("closeAllConnections" in server) server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
