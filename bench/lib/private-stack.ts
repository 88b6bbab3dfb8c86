/**
 * The services `npm run outage` and `npm run hostile` run a worker against: a private Dovecot,
 * private PostgreSQL and Redis servers (harness/private-services.ts: they can be stopped under
 * the worker without touching the machine's shared ones, and nothing else runs on them), and
 * an SMTP sink with its reply log. The worker's environment points at them and has the heap
 * limit `npm start` gives it, so these tools measure the worker as an operator runs it.
 */
import { startDovecot, type DovecotHandle } from '../../harness/dovecot';
import { startPrivatePostgres, startPrivateRedis, type PrivateServer } from '../../harness/private-services';
import { startSmtpSink } from '../../harness/smtp-sink';
import { ReplyLog, type BenchSink } from './replies';
import { NPM_START_NODE_OPTIONS, workerEnv } from './worker-env';

export interface PrivateStack {
  dovecot: DovecotHandle;
  pg: PrivateServer;
  redis: PrivateServer;
  sink: BenchSink;
  replies: ReplyLog;
  /** The worker's environment: these services, `npm start`'s NODE_OPTIONS, then `extra`. */
  workerEnv(extra: Record<string, string>): Record<string, string>;
  /** Stops and removes everything (the reply log included). */
  dispose(): Promise<void>;
}

export async function startPrivateStack(): Promise<PrivateStack> {
  const [dovecot, pg, redis, sink] = await Promise.all([startDovecot(), startPrivatePostgres(), startPrivateRedis(), startSmtpSink({ parse: 'headers' })]);
  const replies = new ReplyLog(sink);
  return {
    dovecot,
    pg,
    redis,
    sink,
    replies,
    workerEnv: (extra) => workerEnv({ databaseUrl: pg.url, redisUrl: redis.url, dovecot, sink }, { NODE_OPTIONS: NPM_START_NODE_OPTIONS, ...extra }),
    async dispose() {
      replies.stop();
      await Promise.allSettled([dovecot.dispose(), pg.dispose(), redis.dispose(), sink.stop()]);
    },
  };
}
