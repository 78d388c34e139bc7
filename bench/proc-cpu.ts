import { readFileSync, readdirSync } from "node:fs";

/**
 * CPU time of processes on this machine (Linux /proc), to split a bench's CPU
 * between its parts: the workers (by pid), PostgreSQL and Redis (by command
 * name) and the bench itself. Figures are in milliseconds of user + system time.
 */
const TICK_MS = 10; // USER_HZ is 100 on Linux

function cpuOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command (which may contain spaces) start after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

function commOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "";
  }
}

/** Total CPU of every process whose command starts with one of `names` (e.g. "postgres", "redis-server"). */
function cpuByName(names: readonly string[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  if (process.platform !== "linux") return out;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const comm = commOf(Number(entry));
    const name = names.find((n) => comm.startsWith(n));
    if (name) out[name] = (out[name] ?? 0) + cpuOf(Number(entry));
  }
  return out;
}

/** Busy and total CPU time of the whole machine (all cores), from /proc/stat. */
function machineCpu(): { busy: number; total: number } {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const total = v.reduce((a, b) => a + b, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0); // idle + iowait
    return { busy: (total - idle) * TICK_MS, total: total * TICK_MS };
  } catch {
    return { busy: 0, total: 0 };
  }
}

export interface CpuSnapshot {
  pids: Record<string, number>;
  names: Record<string, number>;
  self: number;
  machine: { busy: number; total: number };
}

export function cpuSnapshot(pids: readonly number[], names: readonly string[]): CpuSnapshot {
  const usage = process.cpuUsage();
  return {
    pids: Object.fromEntries(pids.map((p) => [String(p), cpuOf(p)])),
    names: cpuByName(names),
    self: (usage.user + usage.system) / 1000,
    machine: machineCpu(),
  };
}

/** "workers 7.1 · postgres 4.2 · redis 1.0 · bench 0.8 ms of CPU per run" between two snapshots. */
export function cpuPerRun(a: CpuSnapshot, b: CpuSnapshot, runs: number): string {
  const workers = Object.keys(b.pids).reduce((s, p) => s + (b.pids[p] ?? 0) - (a.pids[p] ?? 0), 0);
  const parts = [`workers ${(workers / runs).toFixed(1)}`];
  for (const name of Object.keys(b.names)) parts.push(`${name} ${(((b.names[name] ?? 0) - (a.names[name] ?? 0)) / runs).toFixed(1)}`);
  parts.push(`bench ${((b.self - a.self) / runs).toFixed(1)}`);
  const busy = b.machine.busy - a.machine.busy;
  const total = b.machine.total - a.machine.total;
  const machine = total > 0 ? ` (machine ${((100 * busy) / total).toFixed(0)} % busy, ${(busy / runs).toFixed(1)} ms per run in all)` : "";
  return `${parts.join(" · ")} ms of CPU per run${machine}`;
}
