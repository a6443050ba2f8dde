import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** Per UDP socket (by inode) of some processes: datagrams the kernel dropped on it so far (a full receive buffer). */
export type UdpSocketDrops = Map<string, number>;

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
      if (inode !== undefined) inodes.add(inode);
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

/**
 * The drop counters of the UDP sockets `pid` holds now (/proc/net/udp's last column; Linux only,
 * empty elsewhere). Unlike the machine's UDP counters they say whose socket lost datagrams.
 */
export function readUdpSocketDrops(pid: number): UdpSocketDrops {
  const inodes = socketInodes(pid);
  const drops: UdpSocketDrops = new Map();
  let table = "";
  try {
    table = readFileSync("/proc/net/udp", "utf8");
  } catch {
    return drops;
  }
  for (const line of table.split("\n").slice(1)) {
    const fields = line.trim().split(/\s+/);
    const inode = fields[9];
    if (inode !== undefined && inodes.has(inode)) drops.set(inode, Number(fields[12] ?? 0));
  }
  return drops;
}

/** Datagrams dropped between two readings, on the sockets open at the second (a socket opened in between counts from 0). */
export function udpDropsBetween(from: UdpSocketDrops, to: UdpSocketDrops): number {
  let dropped = 0;
  for (const [inode, count] of to) dropped += count - (from.get(inode) ?? 0);
  return dropped;
}
