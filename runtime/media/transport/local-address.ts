import { createSocket } from "node:dgram";
import { isIPv4 } from "node:net";
import { networkInterfaces } from "node:os";

/**
 * The address written into our SDP (`c=`, `o=`): `MEDIA_PUBLIC_IP` when set (1:1 NAT); else the
 * bind address when it is a single one (`MEDIA_BIND_ADDRESS`); else the local address the kernel
 * would send from to reach the peer (a UDP socket "connected" to it: no packet leaves), so a
 * host with several interfaces writes the one the trunk can reach; else the first non-loopback
 * IPv4 address, else 127.0.0.1.
 */
export async function localMediaAddress(options: { publicIp?: string; bindAddress?: string; peer?: string }): Promise<string> {
  if (options.publicIp !== undefined) return options.publicIp;
  if (options.bindAddress !== undefined && options.bindAddress !== "0.0.0.0") return options.bindAddress;
  if (options.peer !== undefined && isIPv4(options.peer) && options.peer !== "0.0.0.0") {
    const routed = await routeTo(options.peer);
    if (routed !== undefined) return routed;
  }
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === "IPv4" && !address.internal) return address.address;
  }
  return "127.0.0.1";
}

function routeTo(peer: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket("udp4");
    const done = (address: string | undefined) => {
      try {
        socket.close();
      } catch {
        // Closed already.
      }
      resolve(address);
    };
    socket.once("error", () => done(undefined));
    socket.connect(9, peer, () => {
      try {
        done(socket.address().address);
      } catch {
        done(undefined);
      }
    });
  });
}
