import { createServer, type Server } from "node:http";

export interface StaticSite {
  /** `http://127.0.0.1:<port>`: its own origin, apart from the runtime's. */
  url: string;
  close(): Promise<void>;
}

/**
 * A tiny web site on its own port (hence its own origin) answering every GET with an HTML page,
 * `page(path)` (made per request: the page may name things created after the site started), with
 * `headers(path)` added (e.g. a Permissions-Policy).
 */
export async function startStaticSite(page: (path: string) => string, headers: (path: string) => Record<string, string> = () => ({})): Promise<StaticSite> {
  const server: Server = createServer((request, response) => {
    if (request.method !== "GET") {
      response.writeHead(405).end();
      return;
    }
    if (request.url === "/favicon.ico") {
      response.writeHead(204).end();
      return;
    }
    const path = new URL(request.url ?? "/", "http://site").pathname;
    response.writeHead(200, { ...headers(path), "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(page(path));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the static site has no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
