import { createTestDatabase } from '../support/db';
import { startDovecot, type DovecotHandle } from '../../harness/dovecot';
import { startSmtpSink, type SmtpSink } from '../../harness/smtp-sink';
import { startTcpProxy, type TcpProxy } from '../../harness/tcp-proxy';
import { freePort } from '../../harness/ports';
import { buildMail } from '../support/mails';
import { configFrom, importTestRegistry, waitUntil, workerEnv } from '../support/env';
import { captureLog, type CapturedLine } from '../support/log-capture';
import { startWorker, type RunningWorker } from '../../src/main/worker';
import { listTickets } from '../../src/tickets/queries';

jest.setTimeout(120_000);

/**
 * Every way a mailbox server fails, against the real Dovecot of the harness (stopped,
 * silenced behind a proxy, a wrong password, the watched folder renamed): the worker backs off
 * quietly, /healthz says what is wrong, and once the server is back new mail is answered.
 * Timings are shrunk by configuration (the defaults are 1 s → 60 s backoff, 30 s socket
 * timeout, 15 s connect timeout).
 */
const FAST = {
  IMAP_RECONNECT_MIN_SECONDS: '0.2',
  IMAP_RECONNECT_MAX_SECONDS: '2',
  IMAP_CONNECT_TIMEOUT_SECONDS: '1.5',
  IMAP_SOCKET_TIMEOUT_SECONDS: '2',
  IMAP_UNHEALTHY_AFTER_SECONDS: '2',
  // No help from the safety poll: reconnecting must bring the new mail by itself.
  IMAP_POLL_SECONDS: '600',
  LOG_LEVEL: 'info',
};
const MAILBOX_USER = 'support@microbizz.dk';

describe('the mailbox goes away and comes back', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dovecot: DovecotHandle;
  let sink: SmtpSink;
  let proxy: TcpProxy | null = null;
  let worker: RunningWorker | null = null;
  let httpPort = 0;
  let lines: CapturedLine[] = [];

  beforeEach(async () => {
    [db, dovecot, sink, httpPort] = await Promise.all([createTestDatabase(), startDovecot(), startSmtpSink(), freePort()]);
    await importTestRegistry(db.dataSource);
  });
  afterEach(async () => {
    await worker?.stop();
    worker = null;
    await proxy?.close();
    proxy = null;
    await Promise.allSettled([dovecot?.dispose(), sink?.stop()]);
    await db?.drop();
  });

  async function start(extra: Record<string, string> = {}, target?: { port: number }) {
    const env = workerEnv({ databaseUrl: db.url, dovecot, sink, extra: { ...FAST, WORKER_HTTP_PORT: String(httpPort), ...extra } });
    if (target) env.IMAP_PORT = String(target.port);
    const captured = captureLog('info');
    lines = captured.lines;
    worker = await startWorker(configFrom(env), captured.log);
    return worker;
  }
  const synced = () => waitUntil(async () => worker!.watcher?.lastSyncAt, 15_000, 'a first mailbox sync');
  const health = async () => {
    const res = await fetch(`http://127.0.0.1:${httpPort}/healthz`);
    return { status: res.status, body: (await res.json()) as { imap: { problem: string | null; reason: string | null; connected: boolean } } };
  };
  const warnings = (from: number) => lines.slice(from).filter((l) => l.level >= 40);
  const reconnects = async () => Number(/servicedesk_imap_reconnect_attempts_total (\d+)/.exec(await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text())?.[1]);
  async function answered(subject: string, timeoutMs: number) {
    const mail = await buildMail({ from: 'Mette Fjordby <mette@fjordby-el.dk>', subject, text: 'Appen lukker ned, når jeg åbner skemaet. Det virker ikke.' });
    await dovecot.append(MAILBOX_USER, mail.raw);
    await waitUntil(async () => sink.messages.find((m) => m.parsed.inReplyTo === `<${mail.messageId}>`), timeoutMs, `a reply to "${subject}"`);
  }

  it('server stopped and started again: backs off quietly, /healthz says why, new mail is answered once it is back', async () => {
    await start();
    await synced();
    const mark = lines.length;
    await dovecot.stop();
    await new Promise((r) => setTimeout(r, 3000));
    const during = await health();
    expect(during.status).toBe(503);
    expect(during.body.imap).toMatchObject({ connected: false, problem: 'unreachable' });
    expect(during.body.imap.reason).toMatch(/cannot be reached/);
    await new Promise((r) => setTimeout(r, 4000));

    // About 7 s down with 0.2 s doubling to 2 s: a handful of attempts, not thousands.
    const attempts = await reconnects();
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(attempts).toBeLessThanOrEqual(10);
    expect(warnings(mark).length).toBeLessThanOrEqual(attempts);
    expect(warnings(mark).length).toBeLessThanOrEqual(5); // 3 verbose attempts, then the same error folded

    await dovecot.start();
    await answered('Efter genstart af mailserveren', 15_000);
    expect(lines.slice(mark).some((l) => /is back after/.test(l.msg))).toBe(true);
    expect((await health()).status).toBe(200);
  });

  it('a server that accepts TCP but never greets: times out, backs off, recovers when it answers again', async () => {
    proxy = await startTcpProxy({ port: dovecot.port }, { silent: true });
    await start({}, proxy);
    await new Promise((r) => setTimeout(r, 6000));
    // Greeting timeout 1.5 s plus backoff 0.2 → 2 s: no more than a few connection attempts.
    expect(proxy.accepted()).toBeGreaterThanOrEqual(2);
    expect(proxy.accepted()).toBeLessThanOrEqual(6);
    expect(worker!.watcher!.status()).toMatchObject({ connected: false, problem: 'unreachable' });
    expect(worker!.watcher!.status().lastError).toMatch(/greeting|timeout/i);
    expect((await health()).status).toBe(503);
    proxy.forward();
    await answered('Serveren svarer igen', 15_000);
  });

  it('a server that stops answering mid-IDLE: the dead connection is noticed within twice the socket timeout', async () => {
    proxy = await startTcpProxy({ port: dovecot.port });
    await start({}, proxy);
    await synced();
    await new Promise((r) => setTimeout(r, 500)); // let it settle into IDLE
    const mark = lines.length;
    proxy.silence();
    const silencedAt = Date.now();
    await waitUntil(async () => warnings(mark).find((l) => /unavailable/.test(l.msg)), 15_000, 'the dead IDLE to be noticed');
    // Socket timeout 2 s: a NOOP probe after 2 s of silence, the connection closed when the
    // next 2 s pass without an answer.
    expect(Date.now() - silencedAt).toBeLessThan(2 * 2000 + 2500);
    expect(worker!.watcher!.isConnected()).toBe(false);
    proxy.forward();
    await answered('Efter en hængt forbindelse', 20_000);
  });

  it('a rejected login: one attempt, a clear reason in /healthz and the log, no fast retries', async () => {
    await start({ IMAP_PASSWORD: 'not-the-password' });
    await waitUntil(async () => worker!.watcher!.status().problem, 10_000, 'the login to fail');
    await new Promise((r) => setTimeout(r, 4000));
    expect(await reconnects()).toBe(1); // the next try waits at least 30 s
    const h = await health();
    expect(h.status).toBe(503);
    expect(h.body.imap).toMatchObject({ problem: 'auth', connected: false });
    expect(h.body.imap.reason).toMatch(/login rejected/);
    const w = warnings(0).filter((l) => /IMAP mailbox/.test(l.msg));
    expect(w).toHaveLength(1);
    expect(w[0]!.msg).toMatch(/next in 3\d s\): login rejected.*Authentication failed/i);
  });

  it('the watched folder renamed away and made again (new UIDVALIDITY): reported, re-read, nothing lost or doubled', async () => {
    const folder = 'Support';
    const first = await Promise.all([1, 2].map((i) => buildMail({ from: 'Mette Fjordby <mette@fjordby-el.dk>', subject: `Mappe-test ${i}`, text: 'Timerne fra appen kommer ikke med på timesedlerne. Det er en fejl.' })));
    for (const m of first) await dovecot.append(MAILBOX_USER, m.raw, folder);
    await start({ IMAP_MAILBOX: folder, IMAP_POLL_SECONDS: '1' });
    await sink.waitFor(2, 20_000);

    const admin = await dovecot.client(MAILBOX_USER);
    try {
      await admin.mailboxRename(folder, `${folder}-old`);
      await waitUntil(async () => worker!.watcher!.status().problem === 'mailbox', 15_000, 'the missing folder to be reported');
      expect(worker!.watcher!.status().lastError).toMatch(/does not exist/);
      // The folder comes back (a new one, so a new UIDVALIDITY) with the old mails and a new one.
      await admin.mailboxCreate(folder);
    } finally {
      await admin.logout();
    }
    const fresh = await buildMail({ from: 'Mette Fjordby <mette@fjordby-el.dk>', subject: 'Mappe-test 3', text: 'Fakturaerne bliver ikke sendt. Der kommer en fejlbesked.' });
    for (const m of [...first, fresh]) await dovecot.append(MAILBOX_USER, m.raw, folder);
    await sink.waitFor(3, 20_000);
    await new Promise((r) => setTimeout(r, 2500)); // two more polls: time for any doubling to show
    expect(sink.messages).toHaveLength(3);
    expect(await listTickets(db.dataSource)).toHaveLength(3);
    expect(lines.some((l) => /UIDVALIDITY changed/.test(l.msg))).toBe(true);
  });

  it('stop() during an outage finishes promptly', async () => {
    await start();
    await synced();
    await dovecot.stop();
    await new Promise((r) => setTimeout(r, 1500));
    const t0 = Date.now();
    await worker!.stop(10_000);
    worker = null;
    expect(Date.now() - t0).toBeLessThan(5_000);
  });
});
