/**
 * The machine a run was taken on (cores, CPU model, memory, Node, kernel, load at start):
 * figures from a shared 2-core VM only mean something next to these.
 */
import os from 'node:os';
import { loadAverage } from './proc';

export interface MachineFacts {
  nproc: number;
  cpuModel: string;
  memGb: number;
  node: string;
  platform: string;
  loadAvgAtStart: string;
}

export function machineFacts(): MachineFacts {
  const cpus = os.cpus();
  return {
    nproc: os.availableParallelism?.() ?? cpus.length,
    cpuModel: cpus[0]?.model ?? '?',
    memGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    loadAvgAtStart: loadAverage(),
  };
}
