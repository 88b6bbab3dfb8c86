/**
 * Linux /proc readers: a process's resident memory (VmRSS, VmHWM) and CPU time by command
 * name, so the benchmark can say how much each server (PostgreSQL, Redis, Dovecot, the
 * worker, the benchmark itself with its SMTP sink) spent during a phase.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface MemStatus {
  rssMb: number;
  hwmMb: number;
}

export function memStatus(pid: number): MemStatus | null {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string): number => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** Samples VmRSS every `everyMs`; peak() is the larger of the sampled maximum and VmHWM. */
export class RssSampler {
  private timer: NodeJS.Timeout;
  private max = 0;
  private hwm = 0;
  samples = 0;
  constructor(private readonly pid: number, everyMs = 100) {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.sample();
  }
  sample(): void {
    const m = memStatus(this.pid);
    if (!m) return;
    this.samples++;
    this.max = Math.max(this.max, m.rssMb);
    this.hwm = Math.max(this.hwm, m.hwmMb);
  }
  /** Peak RSS in MB seen so far (kernel high-water mark included). */
  peak(): { sampledMb: number; hwmMb: number } {
    this.sample();
    return { sampledMb: this.max, hwmMb: this.hwm };
  }
  stop(): void {
    clearInterval(this.timer);
  }
}

let clkTck = 0;
function ticksPerSecond(): number {
  if (!clkTck) {
    try {
      clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clkTck = 100;
    }
  }
  return clkTck;
}

/** CPU seconds (user + system) of one process so far. */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / ticksPerSecond();
}

/** pid:starttime → { comm, cpu seconds } for every process we can read. */
export type CpuSnapshot = Map<string, { comm: string; cpuS: number; cmdline?: string }>;

export function cpuSnapshot(): CpuSnapshot {
  const hz = ticksPerSecond();
  const out: CpuSnapshot = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const open = stat.indexOf('(');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(open + 1, close);
      const f = stat.slice(close + 2).split(' ');
      // fields after ")": state(0) ppid(1) … utime(11) stime(12) … starttime(19)
      const cpuS = (Number(f[11]) + Number(f[12])) / hz;
      // PostgreSQL backends name their database in the process title: keep it to tell ours apart.
      const cmdline = comm.startsWith('postgres') ? readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim() : undefined;
      out.set(`${name}:${f[19]}`, { comm, cpuS, cmdline });
    } catch {
      /* gone */
    }
  }
  return out;
}

/** Server-side groups we care about; everything else is "other". */
export function groupOf(comm: string, pid: string, ours: Map<string, string>, cmdline = '', pgDatabase = ''): string {
  const mine = ours.get(pid);
  if (mine) return mine;
  if (comm.startsWith('postgres') || comm === 'postmaster') {
    // "postgres: 15/main: <user> <database> <client> <state>" for a client backend.
    if (pgDatabase && cmdline.split(' ').includes(pgDatabase)) return 'postgresql (our database)';
    if (/\d+\.\d+\.\d+\.\d+\(\d+\)|\[local\]/.test(cmdline)) return 'postgresql (other databases: not ours)';
    return 'postgresql (shared: WAL writer, checkpointer, …)';
  }
  if (comm.startsWith('redis')) return 'redis';
  if (comm === 'imap' || comm.startsWith('dovecot') || comm === 'imap-login' || comm === 'auth' || comm === 'log' || comm === 'anvil' || comm === 'config' || comm === 'stats') return 'dovecot';
  return 'other';
}

/**
 * CPU seconds per group between two snapshots. Processes that exited in between are not
 * counted (their time is lost), processes that started in between count from zero.
 * `ours` names pids (as strings) that belong to us: worker, benchmark; `pgDatabase` is the
 * scratch database, whose backends are told apart from other sessions' by their title.
 * A backend's title changes with its state, so a snapshot keeps it per sample.
 */
export function cpuDelta(a: CpuSnapshot, b: CpuSnapshot, ours: Map<string, string>, pgDatabase = ''): { groups: Record<string, number>; other: Record<string, number> } {
  const groups: Record<string, number> = {};
  const other: Record<string, number> = {};
  for (const [key, v] of b) {
    const before = a.get(key)?.cpuS ?? 0;
    const d = v.cpuS - before;
    if (d <= 0) continue;
    const g = groupOf(v.comm, key.split(':')[0]!, ours, v.cmdline ?? a.get(key)?.cmdline, pgDatabase);
    groups[g] = (groups[g] ?? 0) + d;
    if (g === 'other') other[v.comm] = (other[v.comm] ?? 0) + d;
  }
  return { groups, other };
}

export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return '?';
  }
}
