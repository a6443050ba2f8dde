import type { IceServer as NativeIceServer } from "node-datachannel";
import { type IceServer, parseIceUrl } from "./ice-servers";

/**
 * RTCIceServer entries in node-datachannel's form: STUN as `stun:host:port` strings, TURN as
 * objects. libjuice (libdatachannel's ICE agent) speaks STUN and TURN over UDP only, so `stuns:`,
 * `turns:` and `?transport=tcp` URLs are left out; it uses at most 2 STUN and 2 TURN servers.
 */
export function nativeIceServers(servers: readonly IceServer[]): (string | NativeIceServer)[] {
  return servers.flatMap((server) =>
    (typeof server.urls === "string" ? [server.urls] : server.urls).flatMap((url): (string | NativeIceServer)[] => {
      const parts = parseIceUrl(url);
      if (!parts || parts.transport === "tcp") return [];
      const host = parts.host.includes(":") ? `[${parts.host}]` : parts.host;
      if (parts.scheme === "stun") return [`stun:${host}:${parts.port}`];
      if (parts.scheme === "turn" && server.username !== undefined && server.credential !== undefined)
        return [{ hostname: parts.host, port: parts.port, username: server.username, password: server.credential, relayType: "TurnUdp" }];
      return [];
    }),
  );
}
