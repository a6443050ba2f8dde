import { readFileSync } from "node:fs";
import { loadavg } from "node:os";

/**
 * What the whole machine did over a bench's window (Linux /proc; zeros elsewhere): how busy its
 * cores were, whether the kernel dropped UDP datagrams (a full receive or send buffer), the load.
 */
export interface MachineCounters {
  /** Jiffies busy and in all, over every core. */
  busy: number;
  total: number;
  udpInDatagrams: number;
  /** Datagrams the kernel could not deliver (full receive buffers among them) or could not send. */
  udpInErrors: number;
  udpSndbufErrors: number;
}

export function readMachineCounters(): MachineCounters {
  const counters: MachineCounters = { busy: 0, total: 0, udpInDatagrams: 0, udpInErrors: 0, udpSndbufErrors: 0 };
  try {
    const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    // user nice system idle iowait irq softirq steal: idle and iowait are not busy.
    const total = cpu.slice(0, 8).reduce((sum, value) => sum + value, 0);
    counters.total = total;
    counters.busy = total - (cpu[3] ?? 0) - (cpu[4] ?? 0);
    const udp = readFileSync("/proc/net/snmp", "utf8")
      .split("\n")
      .filter((line) => line.startsWith("Udp:"));
    const names = udp[0]?.split(/\s+/) ?? [];
    const values = udp[1]?.split(/\s+/).map(Number) ?? [];
    const value = (name: string) => values[names.indexOf(name)] ?? 0;
    counters.udpInDatagrams = value("InDatagrams");
    counters.udpSndbufErrors = value("SndbufErrors");
    counters.udpInErrors = value("InErrors");
  } catch {
    // Not Linux: the window reports zeros.
  }
  return counters;
}

export interface MachineWindow {
  /** Share of all cores busy (every process on the machine), in %. */
  busyPct: number;
  cores: number;
  udpDatagramsIn: number;
  udpDropped: number;
  /** The 1-minute load average at the end. */
  load1: number;
}

export function machineWindow(from: MachineCounters, to: MachineCounters, cores: number): MachineWindow {
  const total = to.total - from.total;
  return {
    busyPct: total > 0 ? ((to.busy - from.busy) / total) * 100 : 0,
    cores,
    udpDatagramsIn: to.udpInDatagrams - from.udpInDatagrams,
    udpDropped: to.udpInErrors - from.udpInErrors + (to.udpSndbufErrors - from.udpSndbufErrors),
    load1: loadavg()[0] ?? 0,
  };
}
