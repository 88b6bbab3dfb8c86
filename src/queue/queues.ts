import { Queue, Worker, type Job, type ConnectionOptions } from 'bullmq';
import type { Config } from '../config/schema';
import { backoffDelay } from '../shared/backoff';

/**
 * The two BullMQ queues. Jobs carry ids, never entities or secrets; job ids are derived from
 * the row they act on, so enqueuing the same mail twice while its job exists adds nothing.
 * Redis may lose every job (this is a cache, kept without persistence on our machines): the
 * PostgreSQL rows are the truth and the recovery sweep re-enqueues from them.
 */
export const INBOUND_QUEUE = 'inbound-mail';
export const OUTBOUND_QUEUE = 'outbound-reply';

export interface InboundJob {
  mailId: string;
}
export interface OutboundJob {
  outboxId: string;
}

export function redisConnection(config: Config): ConnectionOptions {
  return {
    url: config.REDIS_URL,
    // maxRetriesPerRequest null: BullMQ workers block on Redis and must wait out a restart.
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    // ioredis reconnects on its own; by default every 50·n ms up to 2 s. Exponential with
    // jitter instead, capped at SERVICE_RETRY_MAX_SECONDS, like every other retry.
    retryStrategy: (times: number) => backoffDelay(times, { initialMs: 250, maxMs: config.SERVICE_RETRY_MAX_SECONDS * 1000 }),
  };
}

const JOB_DEFAULTS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

export interface Queues {
  inbound: Queue<InboundJob>;
  outbound: Queue<OutboundJob>;
  enqueueMail(mailId: string): Promise<void>;
  /** With `timeoutMs`: gives up waiting after that long (the jobs still go in once Redis is back). */
  enqueueMails(mailIds: string[], timeoutMs?: number): Promise<void>;
  enqueueReply(outboxId: string): Promise<void>;
  enqueueReplies(outboxIds: string[]): Promise<void>;
  /**
   * For the recovery sweep: (re)queue work that PostgreSQL says is unfinished. A job that is
   * waiting or running is left alone; one that already ended (completed or failed) without
   * finishing the row — its worker died mid-send, or it stalled too often — is replaced.
   */
  requeueMail(mailId: string): Promise<boolean>;
  requeueReply(outboxId: string): Promise<boolean>;
  /** Resolves when Redis answers a PING within `timeoutMs`. */
  ping(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** `p`, or a rejection once `ms` have passed (the operation itself is not cancelled). */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function requeue<T>(queue: Queue<T>, name: string, data: T, jobId: string): Promise<boolean> {
  const job = await queue.getJob(jobId);
  if (job) {
    const state = await job.getState();
    if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return false;
    await job.remove().catch(() => undefined);
  }
  await queue.add(name as never, data as never, { jobId });
  return true;
}

export function createQueues(config: Config): Queues {
  const connection = redisConnection(config);
  const opts = { connection, prefix: config.QUEUE_PREFIX, defaultJobOptions: JOB_DEFAULTS };
  const inbound = new Queue<InboundJob>(INBOUND_QUEUE, opts);
  const outbound = new Queue<OutboundJob>(OUTBOUND_QUEUE, opts);
  return {
    inbound,
    outbound,
    async enqueueMail(mailId) {
      await inbound.add('process', { mailId }, { jobId: `mail-${mailId}` });
    },
    async enqueueMails(mailIds, timeoutMs) {
      if (!mailIds.length) return;
      const added = inbound.addBulk(mailIds.map((mailId) => ({ name: 'process', data: { mailId }, opts: { jobId: `mail-${mailId}` } })));
      await (timeoutMs ? withTimeout(added, timeoutMs, 'enqueue') : added);
    },
    async enqueueReply(outboxId) {
      await outbound.add('send', { outboxId }, { jobId: `reply-${outboxId}` });
    },
    async enqueueReplies(outboxIds) {
      if (outboxIds.length) await outbound.addBulk(outboxIds.map((outboxId) => ({ name: 'send', data: { outboxId }, opts: { jobId: `reply-${outboxId}` } })));
    },
    requeueMail: (mailId) => requeue(inbound, 'process', { mailId }, `mail-${mailId}`),
    requeueReply: (outboxId) => requeue(outbound, 'send', { outboxId }, `reply-${outboxId}`),
    async ping(timeoutMs) {
      await withTimeout(inbound.getJobCounts('wait'), timeoutMs, 'ping');
    },
    async close() {
      await Promise.allSettled([inbound.close(), outbound.close()]);
    },
  };
}

export function createWorker<T>(
  config: Config,
  name: string,
  processor: (job: Job<T>) => Promise<unknown>,
  concurrency: number,
): Worker<T> {
  const leaseMs = config.WORKER_LEASE_SECONDS * 1000;
  return new Worker<T>(name, processor, {
    connection: redisConnection(config),
    prefix: config.QUEUE_PREFIX,
    concurrency,
    // A job whose worker died is taken over once its lock has run out and a stalled-job check
    // has seen it twice: lockDuration + up to 2 × stalledInterval (5 + 5 s by default). The
    // lock is renewed every lockDuration / 2, so the event loop must never block that long:
    // heavy work per mail runs off it (see the parse pool).
    lockDuration: leaseMs,
    stalledInterval: Math.max(1000, Math.floor(leaseMs / 2)),
    maxStalledCount: 5,
  });
}
