/**
 * Self-test of the real-server harness (test/support): a private Dovecot
 * instance and the SMTP sink.
 */
import fs from 'node:fs';
import nodemailer from 'nodemailer';
import { simpleParser } from 'mailparser';
import type { ImapFlow } from 'imapflow';
import { startDovecot, type DovecotHandle } from '../../../harness/dovecot';
import { startSmtpSink, type SmtpSink } from '../../../harness/smtp-sink';
import { freePort, isPortOpen } from '../../../harness/ports';

jest.setTimeout(60_000);

const SUPPORT = { user: 'support@microbizz.dk', password: 'støtte-pw 1"\\' };
const OTHER = { user: 'other@microbizz.dk', password: 'other-pw' };

const plainMail = Buffer.from(
  [
    'From: Kunde <kunde@example.com>',
    'To: support@microbizz.dk',
    'Subject: Printer broken',
    'Message-ID: <plain-1@example.com>',
    'Date: Mon, 02 Mar 2026 10:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'The printer on floor 2 is broken.',
    '',
  ].join('\r\n'),
  'ascii',
);

// 8-bit ISO-8859-1 body and an RFC 2047 encoded subject: "Fejl på kørsel æøå ÆØÅ".
const latin1Mail = Buffer.concat([
  Buffer.from(
    [
      'From: =?ISO-8859-1?Q?S=F8ren_=C6blerod?= <soren@example.dk>',
      'To: support@microbizz.dk',
      'Subject: =?ISO-8859-1?Q?Fejl_p=E5_k=F8rsel_=E6=F8=E5_=C6=D8=C5?=',
      'Message-ID: <latin1-1@example.dk>',
      'Date: Mon, 02 Mar 2026 10:05:00 +0100',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=ISO-8859-1',
      'Content-Transfer-Encoding: 8bit',
      '',
      '',
    ].join('\r\n'),
    'ascii',
  ),
  Buffer.from('Hej, kørslen fejler på grund af æøå ÆØÅ.\r\nMvh Søren\r\n', 'latin1'),
]);

function mailWithSubject(subject: string): string {
  return [
    'From: a@example.com',
    'To: support@microbizz.dk',
    `Subject: ${subject}`,
    `Message-ID: <${subject.replace(/\W/g, '')}-${Date.now()}@example.com>`,
    '',
    'body',
    '',
  ].join('\r\n');
}

async function messageCount(c: ImapFlow, mailbox: string): Promise<number | undefined> {
  const st = await c.status(mailbox, { messages: true });
  if (!st) throw new Error(`STATUS ${mailbox} failed`);
  return st.messages;
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

describe('Dovecot harness', () => {
  let dc: DovecotHandle;
  const clients: ImapFlow[] = [];
  const track = (c: ImapFlow): ImapFlow => {
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    // DOVECOT_TEST_DEBUG=1 prints startup time and temp dir.
    dc = await startDovecot({ users: [SUPPORT, OTHER] });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.logout().catch(() => c.close())));
    await dc?.dispose();
  });

  it('listens on loopback only, with a private config and log', async () => {
    expect(dc.host).toBe('127.0.0.1');
    expect(await isPortOpen(dc.port)).toBe(true);
    const conf = fs.readFileSync(`${dc.baseDir}/dovecot.conf`, 'utf8');
    expect(conf).toContain('listen = 127.0.0.1');
    const settings = conf.split('\n').filter((l) => !l.trimStart().startsWith('#'));
    expect(settings.join('\n')).not.toContain('{{');
    expect(fs.existsSync(dc.logFile)).toBe(true);
    expect(dc.users).toEqual([SUPPORT, OTHER]);
  });

  it('rejects a wrong password', async () => {
    const { ImapFlow: Flow } = await import('imapflow');
    const c = new Flow({
      host: dc.host,
      port: dc.port,
      secure: false,
      auth: { user: SUPPORT.user, pass: 'wrong' },
      logger: false,
    });
    c.on('error', () => undefined);
    await expect(c.connect()).rejects.toThrow();
    c.close();
  });

  it('appends mails and reads them back byte for byte', async () => {
    await dc.append(SUPPORT.user, plainMail);
    await dc.append(SUPPORT.user, latin1Mail, 'INBOX', ['\\Flagged']);

    const c = track(await dc.client(SUPPORT.user));
    const mb = await c.mailboxOpen('INBOX');
    expect(mb.exists).toBe(2);
    expect(typeof mb.uidValidity).toBe('bigint');
    expect(mb.uidValidity > 0n).toBe(true);

    const msgs: { uid: number; source: Buffer; flags: Set<string> }[] = [];
    for await (const m of c.fetch('1:*', { uid: true, source: true, flags: true })) {
      msgs.push({ uid: m.uid, source: m.source as Buffer, flags: m.flags ?? new Set() });
    }
    expect(msgs.map((m) => m.uid)).toEqual([1, 2]);
    expect(msgs[0].source.equals(plainMail)).toBe(true);
    expect(msgs[1].source.equals(latin1Mail)).toBe(true);
    expect(msgs[1].flags.has('\\Flagged')).toBe(true);

    const parsed = await simpleParser(msgs[1].source);
    expect(parsed.subject).toBe('Fejl på kørsel æøå ÆØÅ');
    expect(parsed.text).toContain('kørslen fejler på grund af æøå ÆØÅ');
    expect(parsed.from?.value[0]?.name).toBe('Søren Æblerod');

    // UIDVALIDITY is stable across sessions.
    const c2 = track(await dc.client(SUPPORT.user));
    const st = await c2.status('INBOX', { uidValidity: true, messages: true, uidNext: true });
    if (!st) throw new Error('STATUS failed');
    expect(st.uidValidity).toBe(mb.uidValidity);
    expect(st.messages).toBe(2);
    expect(st.uidNext).toBe(3);
  });

  it('creates other mailboxes on append and keeps users apart', async () => {
    await dc.append(OTHER.user, mailWithSubject('to other'), 'Processed/2026');
    const c = track(await dc.client(OTHER.user));
    const list = await c.list();
    const paths = list.map((m) => m.path);
    expect(paths).toEqual(expect.arrayContaining(['INBOX', 'Processed', 'Processed/2026', 'Archive', 'Sent', 'Trash']));
    expect(await messageCount(c, 'INBOX')).toBe(0);
    expect(await messageCount(c, 'Processed/2026')).toBe(1);

    // A mailbox deleted behind the harness' back is recreated on the next append.
    await c.mailboxDelete('Processed/2026');
    await dc.append(OTHER.user, mailWithSubject('recreated'), 'Processed/2026');
    expect(await messageCount(c, 'Processed/2026')).toBe(1);
  });

  it('IDLE delivers EXISTS for an append made by another connection', async () => {
    const c = track(await dc.client(SUPPORT.user));
    const mb = await c.mailboxOpen('INBOX');
    const before = mb.exists;

    const exists = new Promise<{ count: number; prevCount: number }>((resolve) => {
      c.on('exists', (ev) => resolve(ev));
    });
    const capabilities = c.capabilities;
    expect(capabilities.has('IDLE')).toBe(true);

    const idling = c.idle();
    // Make sure the IDLE command is in progress before the other connection appends.
    await withTimeout(
      (async () => {
        while (!c.idling) await new Promise((r) => setTimeout(r, 10));
      })(),
      5_000,
      'IDLE to start',
    );

    const t0 = Date.now();
    await dc.append(SUPPORT.user, mailWithSubject('idle test'));
    const ev = await withTimeout(exists, 10_000, 'EXISTS during IDLE');
    const latency = Date.now() - t0;
    expect(ev.prevCount).toBe(before);
    expect(ev.count).toBe(before + 1);
    expect(latency).toBeLessThan(5_000);

    // Any new command ends IDLE.
    await c.noop();
    await idling;
  });

  it('runs several instances side by side', async () => {
    const [a, b] = await Promise.all([startDovecot(), startDovecot({ users: [OTHER] })]);
    try {
      expect(new Set([a.port, b.port, dc.port]).size).toBe(3);
      expect(a.baseDir).not.toBe(b.baseDir);
      await a.append(a.users[0].user, mailWithSubject('in a'));
      const cb = await b.client(OTHER.user);
      try {
        expect(await messageCount(cb, 'INBOX')).toBe(0);
      } finally {
        await cb.logout();
      }
    } finally {
      await Promise.all([a.dispose(), b.dispose()]);
    }
    expect(await isPortOpen(a.port)).toBe(false);
    expect(await isPortOpen(b.port)).toBe(false);
    expect(fs.existsSync(a.baseDir)).toBe(false);
  });

  it('stop() and start() take the server away and bring it back on the same port with the same mail', async () => {
    const x = await startDovecot();
    try {
      const user = x.users[0].user;
      await x.append(user, mailWithSubject('kept across a restart'));
      const watching = await x.client(user);
      const closed = new Promise<void>((r) => watching.once('close', () => r()));
      await x.stop();
      expect(x.isRunning()).toBe(false);
      expect(await isPortOpen(x.port)).toBe(false);
      await closed; // a connected client sees the server go
      await x.stop(); // idempotent
      await expect(x.client(user)).rejects.toThrow(/stopped/);
      await x.start();
      expect(await isPortOpen(x.port)).toBe(true);
      const c = await x.client(user);
      try {
        expect(await messageCount(c, 'INBOX')).toBe(1);
      } finally {
        await c.logout();
      }
      await x.restart();
      await x.append(user, mailWithSubject('after restart'));
      const c2 = await x.client(user);
      try {
        expect(await messageCount(c2, 'INBOX')).toBe(2);
      } finally {
        await c2.logout();
      }
    } finally {
      await x.dispose();
    }
  });

  it('dispose() closes the port and cleans up', async () => {
    const x = await startDovecot();
    const t1 = Date.now();
    await x.dispose();
    expect(Date.now() - t1).toBeLessThan(5_000);
    expect(await isPortOpen(x.port)).toBe(false);
    expect(fs.existsSync(x.baseDir)).toBe(false);
    await x.dispose(); // idempotent
    await expect(x.start()).rejects.toThrow(/after dispose/);
  });
});

describe('SMTP sink', () => {
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink?.stop();
  });
  beforeEach(() => sink.clear());

  const transport = (auth = true) =>
    nodemailer.createTransport({
      host: sink.host,
      port: sink.port,
      secure: false,
      ignoreTLS: true,
      connectionTimeout: 3_000,
      greetingTimeout: 3_000,
      ...(auth ? { auth: { user: 'relay-user', pass: 'anything' } } : {}),
    });

  it('receives a mail sent with nodemailer', async () => {
    const t = transport();
    const info = await t.sendMail({
      envelope: { from: 'bounce@microbizz.dk', to: ['kunde@example.com', 'cc@example.com'] },
      from: 'Microbizz Support <support@microbizz.dk>',
      to: 'kunde@example.com',
      subject: 'Re: Fejl på kørsel æøå [#1234]',
      text: 'Vi kigger på det.',
      headers: { 'In-Reply-To': '<latin1-1@example.dk>' },
    });
    t.close();
    expect(info.accepted).toEqual(['kunde@example.com', 'cc@example.com']);

    const [m] = await sink.waitFor(1, 5_000);
    expect(m.envelopeFrom).toBe('bounce@microbizz.dk');
    expect(m.envelopeTo).toEqual(['kunde@example.com', 'cc@example.com']);
    expect(m.authUser).toBe('relay-user');
    expect(m.parsed.subject).toBe('Re: Fejl på kørsel æøå [#1234]');
    expect(m.parsed.text?.trim()).toBe('Vi kigger på det.');
    expect(m.parsed.inReplyTo).toBe('<latin1-1@example.dk>');
    expect(m.raw.toString('latin1')).toContain('Message-ID:');
    expect(m.receivedAt).toBeInstanceOf(Date);
  });

  it('accepts mail without AUTH', async () => {
    const t = transport(false);
    await t.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'no auth', text: 'x' });
    t.close();
    const [m] = await sink.waitFor(1, 5_000);
    expect(m.authUser).toBeUndefined();
    expect(m.parsed.subject).toBe('no auth');
  });

  it('waitFor times out with a clear message', async () => {
    await expect(sink.waitFor(1, 100)).rejects.toThrow(/expected 1 message\(s\) within 100 ms, got 0/);
  });

  it('pause() refuses connections and resume() listens again on the same port', async () => {
    const port = sink.port;
    await sink.pause();
    expect(await isPortOpen(port)).toBe(false);

    const t = transport();
    await expect(t.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'lost', text: 'x' })).rejects.toThrow(
      /ECONNREFUSED/,
    );
    t.close();

    await sink.resume();
    expect(sink.port).toBe(port);
    expect(await isPortOpen(port)).toBe(true);
    const t2 = transport();
    await t2.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'after resume', text: 'x' });
    t2.close();
    const msgs = await sink.waitFor(1, 5_000);
    expect(msgs.map((m) => m.parsed.subject)).toEqual(['after resume']);
  });

  it('pause() drops an open pooled connection', async () => {
    const t = nodemailer.createTransport({
      host: sink.host,
      port: sink.port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 1,
    });
    await t.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'pooled 1', text: 'x' });
    await sink.pause();
    await expect(t.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'pooled 2', text: 'x' })).rejects.toThrow();
    await sink.resume();
    await t.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'pooled 3', text: 'x' });
    t.close();
    const msgs = await sink.waitFor(2, 5_000);
    expect(msgs.map((m) => m.parsed.subject)).toEqual(['pooled 1', 'pooled 3']);
  });

  it('honours an explicit port', async () => {
    const port = await freePort();
    const s = await startSmtpSink({ port });
    try {
      expect(s.port).toBe(port);
      expect(await isPortOpen(port)).toBe(true);
    } finally {
      await s.stop();
    }
    expect(await isPortOpen(port)).toBe(false);
  });
});
