import { Redis } from 'ioredis';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/api/app';
import type { Config } from '../../../src/config/schema';
import { buildPipelineDeps } from '../../../src/main/context';
import type { PipelineDeps } from '../../../src/pipeline/deps';
import { storeRawMail } from '../../../src/pipeline/ingest/store-raw-mail';
import { processInboundMail } from '../../../src/pipeline/process-inbound-mail';
import { createQueues, type Queues } from '../../../src/queue/queues';
import { createLogger } from '../../../src/shared/logger';
import { createApiToken } from '../../../src/users/api-tokens';
import { createUser, type UserRow } from '../../../src/users/users';
import { createTestDatabase } from '../../support/db';
import { configFrom, importTestRegistry, REDIS_URL, workerEnv } from '../../support/env';
import { buildMail, type TestMail } from '../../support/mails';

// fastify's inject() loads light-my-request, which requires the ESM-only `cookie` package.
// Jest's CommonJS sandbox cannot load ESM on Node 20, but Node's own loader can (require(esm),
// Node >= 20.19): the real package is loaded by Node and handed to jest's registry as is.
// (jest's createRequire would loop back into jest; Module._load is Node's.)
const nodeModule = jest.requireActual<{ _load(request: string, parent: null, isMain: boolean): unknown }>('node:module');
jest.doMock('cookie', () => nodeModule._load(require.resolve('cookie'), null, false));

/**
 * The agent workspace against real services: a fresh PostgreSQL database, the real Redis
 * under a random queue prefix, the app built by buildApp() (inject(), or listen() for the
 * browser). Tickets come from real mails run through the pipeline, not hand-written rows.
 */
export interface Harness {
  db: Awaited<ReturnType<typeof createTestDatabase>>;
  config: Config;
  pipeline: PipelineDeps;
  queues: Queues;
  redis: Redis;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startHarness(extraEnv: Record<string, string> = {}): Promise<Harness> {
  const db = await createTestDatabase();
  await importTestRegistry(db.dataSource);
  const config = configFrom(workerEnv({ databaseUrl: db.url, extra: { LOG_LEVEL: 'silent', ...extraEnv } }));
  const pipeline = buildPipelineDeps(config, createLogger('silent'), db.dataSource);
  const queues = createQueues(config);
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const app = await buildApp({ pipeline, queues, redis });
  await app.ready();
  return {
    db,
    config,
    pipeline,
    queues,
    redis,
    app,
    async close() {
      await app.close();
      await queues.close();
      redis.disconnect();
      await db.drop();
    },
  };
}

/**
 * Stores a real RFC 822 mail and runs the whole inbound pipeline on it, as the worker would.
 * With TRUSTED_AUTHSERV_IDS set, a mail that carries no Authentication-Results gets the one our
 * receiving server would add for an ordinary sender (DMARC pass for its From domain), as every
 * mail in production does; a test that wants another verdict writes its own header.
 */
export async function ingest(h: Pick<Harness, 'pipeline'>, mail: TestMail | Buffer) {
  const raw = withReceivingServer(Buffer.isBuffer(mail) ? mail : (await buildMail(mail)).raw, h.pipeline.config.TRUSTED_AUTHSERV_IDS[0]);
  const stored = await storeRawMail(h.pipeline.db, { raw, mailbox: 'INBOX', uidvalidity: 1, uid: null });
  const outcome = await processInboundMail(h.pipeline, stored.id);
  return { mailId: stored.id, outcome };
}

export interface TestUser {
  user: UserRow;
  email: string;
  password: string;
  token: string;
}

let n = 0;
export async function addUser(h: Pick<Harness, 'db'>, role: 'agent' | 'manager' | 'admin', who: { email?: string; name?: string } = {}): Promise<TestUser> {
  const email = who.email ?? `${role}${++n}-${Date.now()}@ventu.dk`;
  const password = `Korrekt-Hest-Batteri-${++n}`;
  const user = await createUser(h.db.dataSource, { email, role, password, name: who.name ?? `${role[0].toUpperCase()}${role.slice(1)} ${n}` });
  const { token } = await createApiToken(h.db.dataSource, user.id, 'tests');
  return { user, email, password, token };
}

const cookieValue = (setCookie: string | string[] | undefined, name: string): string | null => {
  for (const c of ([] as string[]).concat(setCookie ?? [])) {
    const m = new RegExp(`^${name}=([^;]*)`).exec(c);
    if (m) return m[1];
  }
  return null;
};
/** The content type of a workspace form post. */
export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
/** The header an API call with the user's token carries. */
export const bearer = (u: Pick<TestUser, 'token'>) => ({ authorization: `Bearer ${u.token}` });

export const hiddenCsrf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/**
 * One attempt through the real login form (fetch the form for its CSRF pair, post it) from a
 * client address, optionally through a proxy's headers; the answer as it comes.
 */
export async function attemptLogin(
  app: FastifyInstance,
  email: string,
  password: string,
  via: { remoteAddress?: string; headers?: Record<string, string> } = {},
) {
  const form = await app.inject({ method: 'GET', url: '/login', remoteAddress: via.remoteAddress, headers: via.headers });
  const pre = cookieValue(form.headers['set-cookie'], 'sd_login')!;
  return app.inject({
    method: 'POST',
    url: '/login',
    remoteAddress: via.remoteAddress,
    headers: { ...via.headers, cookie: `sd_login=${pre}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: hiddenCsrf(form.body), email, password }).toString(),
  });
}

/** Logs in through the real form (CSRF pair, password, cookie) and returns the session cookie and its CSRF token. */
export async function login(app: FastifyInstance, email: string, password: string, via: { remoteAddress?: string } = {}): Promise<{ cookie: string; csrf: string }> {
  const res = await attemptLogin(app, email, password, via);
  if (res.statusCode !== 303) throw new Error(`login failed: ${res.statusCode} ${res.body.slice(0, 200)}`);
  const session = cookieValue(res.headers['set-cookie'], 'sd_session')!;
  const page = await app.inject({ method: 'GET', url: '/account', headers: { cookie: `sd_session=${session}` } });
  return { cookie: `sd_session=${session}`, csrf: hiddenCsrf(page.body) };
}

export { cookieValue };

function withReceivingServer(raw: Buffer, authservId: string | undefined): Buffer {
  const head = raw.subarray(0, Math.max(0, raw.indexOf('\r\n\r\n'))).toString('latin1');
  if (!authservId || /^authentication-results:/im.test(head)) return raw;
  const domain = /^from:.*@([a-z0-9.-]+)/im.exec(head)?.[1]?.toLowerCase();
  if (!domain) return raw;
  return Buffer.concat([Buffer.from(`Authentication-Results: ${authservId}; spf=pass smtp.mailfrom=${domain}; dkim=pass header.d=${domain}; dmarc=pass header.from=${domain}\r\n`), raw]);
}
