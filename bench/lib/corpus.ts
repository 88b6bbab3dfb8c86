/**
 * The benchmark's mail mix, built from the project's own fixtures:
 *  - examples/inbox/*.eml (re-stamped with a unique Message-ID and today's Date),
 *  - training/data/*.jsonl rendered into RFC 822 by nodemailer's MailComposer,
 * with senders varied over test/fixtures/registry/*.csv: registered support contacts,
 * colleagues at registered companies (not contacts), and the example's own (unknown) sender.
 * Deterministic for a given seed; every mail has a unique Message-ID.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import type { CompanyRow, ContactRow } from '../../src/contacts/csv';
import { parseJsonl, type RawExample } from '../../src/training/training-data';
import { readFixtureRegistry } from './registry';
import { mean } from './stats';
import { mulberry32 as prng } from '../../src/shared/prng';

export type SenderKind = 'contact' | 'colleague' | 'own';

export interface BenchMail {
  raw: Buffer;
  /** Without angle brackets. */
  messageId: string;
  source: string;
  category: string | null;
  sender: SenderKind;
}

export interface Fixtures {
  examples: { file: string; raw: Buffer }[];
  training: RawExample[];
  companies: CompanyRow[];
  contacts: ContactRow[];
}


export function loadFixtures(root: string): Fixtures {
  const inbox = join(root, 'examples', 'inbox');
  const examples = readdirSync(inbox)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((file) => ({ file, raw: readFileSync(join(inbox, file)) }));
  const dataDir = join(root, 'training', 'data');
  const training: RawExample[] = [];
  for (const f of readdirSync(dataDir).filter((x) => x.endsWith('.jsonl')).sort()) {
    for (const { example } of parseJsonl(readFileSync(join(dataDir, f), 'utf8'), f)) training.push(example);
  }
  const { companies, contacts } = readFixtureRegistry(root);
  return { examples, training, companies, contacts };
}

/** Replaces (or adds) the Message-ID and Date of a raw .eml; normalises line ends to CRLF. */
export function restamp(raw: Buffer, messageId: string, date: Date): Buffer {
  const text = raw.toString('latin1').replace(/\r?\n/g, '\r\n');
  const end = text.indexOf('\r\n\r\n');
  const head = end >= 0 ? text.slice(0, end) : text;
  const body = end >= 0 ? text.slice(end) : '\r\n\r\n';
  // Unfold-aware removal: a header line plus its continuation lines.
  const kept = head.replace(/^(message-id|date):.*(\r\n[ \t].*)*(\r\n|$)/gim, '').replace(/\r\n$/, '');
  return Buffer.from(`Message-ID: <${messageId}>\r\nDate: ${date.toUTCString().replace('GMT', '+0000')}\r\n${kept}${body}`, 'latin1');
}

export function compose(opts: Mail.Options): Promise<Buffer> {
  return new Promise((resolve, reject) => new MailComposer(opts).compile().build((err, msg) => (err ? reject(err) : resolve(msg))));
}

interface Sender {
  kind: SenderKind;
  from: string | null;
}

const FIRST = ['Anne', 'Bo', 'Camilla', 'Dennis', 'Eva', 'Frank', 'Gitte', 'Henrik', 'Ida', 'Jonas', 'Karen', 'Lars', 'Maja', 'Niels', 'Ole', 'Pia'];

function senderFor(i: number, rnd: () => number, fx: Fixtures): Sender {
  const slot = i % 10;
  if (slot < 4) {
    const c = fx.contacts[Math.floor(rnd() * fx.contacts.length)]!;
    return { kind: 'contact', from: `${c.name} <${c.emails[0]}>` };
  }
  if (slot < 7) {
    const co = fx.companies[Math.floor(rnd() * fx.companies.length)]!;
    const name = FIRST[Math.floor(rnd() * FIRST.length)]!;
    return { kind: 'colleague', from: `${name} <${name.toLowerCase()}.${i}@${co.domains[0]}>` };
  }
  return { kind: 'own', from: null };
}

/** Renders one training example as RFC 822 with MailComposer. */
export async function renderExample(ex: RawExample, o: { messageId: string; from?: string | null; date?: Date; subjectSuffix?: string }): Promise<Buffer> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(ex.headers ?? {})) {
    // Content-Type / transfer encoding are MailComposer's business (no example sets them today).
    if (/^content-(type|transfer-encoding)$/i.test(k)) continue;
    headers[k] = v;
  }
  const fallback = ex.language === 'en' ? 'Customer <customer@example-customer.com>' : 'Kunde <kunde@example-kunde.dk>';
  return compose({
    from: o.from ?? ex.from ?? fallback,
    to: 'Microbizz Servicedesk <support@microbizz.dk>',
    subject: ex.subject + (o.subjectSuffix ?? ''),
    ...(ex.html !== undefined ? { html: ex.html } : { text: ex.text ?? '' }),
    messageId: `<${o.messageId}>`,
    date: o.date ?? new Date(),
    headers,
  });
}

/**
 * n mails: 1 in 20 from examples/inbox, the rest from the training data (shuffled, cycled),
 * senders 40 % registered contacts, 30 % colleagues at registered companies, 30 % the
 * example's own address (mostly unknown senders; automatic mail keeps its own sender).
 */
export async function buildCorpus(n: number, fx: Fixtures, opts: { seed: number; runId: string }): Promise<BenchMail[]> {
  const rnd = prng(opts.seed);
  const order = fx.training.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const out: BenchMail[] = [];
  let t = 0;
  let e = 0;
  for (let i = 0; i < n; i++) {
    const messageId = `bench-${opts.runId}-${i}@bench.invalid`;
    if (i % 20 === 19 && fx.examples.length) {
      const ex = fx.examples[e++ % fx.examples.length]!;
      out.push({ raw: restamp(ex.raw, messageId, new Date()), messageId, source: `examples/inbox/${ex.file}`, category: null, sender: 'own' });
      continue;
    }
    const ex = fx.training[order[t++ % order.length]!]!;
    // Automatic mail keeps its sender (MAILER-DAEMON, noreply@…): that is part of what it is.
    const s = ex.category === 'noise' ? { kind: 'own' as const, from: null } : senderFor(i, rnd, fx);
    const raw = await renderExample(ex, { messageId, from: s.from });
    out.push({ raw, messageId, source: `training/${ex.id}`, category: ex.category, sender: s.kind });
  }
  return out;
}

/** Human (non-noise, no automatic headers) mails from registered senders, for the latency run. */
export async function buildLightLoad(n: number, fx: Fixtures, opts: { seed: number; runId: string }): Promise<BenchMail[]> {
  const rnd = prng(opts.seed + 1);
  const humans = fx.training.filter((x) => x.category !== 'noise' && !x.headers);
  const out: BenchMail[] = [];
  for (let i = 0; i < n; i++) {
    const ex = humans[Math.floor(rnd() * humans.length)]!;
    const s = senderFor(i % 7, rnd, fx); // contacts and colleagues only
    const messageId = `bench-light-${opts.runId}-${i}@bench.invalid`;
    out.push({ raw: await renderExample(ex, { messageId, from: s.from }), messageId, source: `training/${ex.id}`, category: ex.category, sender: s.kind });
  }
  return out;
}

/** One human mail from a registered contact with a `mb`-MB binary attachment. */
export async function buildLargeMail(mb: number, fx: Fixtures, runId: string, contact = 0): Promise<BenchMail> {
  const c = fx.contacts[contact % fx.contacts.length]!;
  const messageId = `bench-large-${runId}@bench.invalid`;
  const raw = await compose({
    from: `${c.name} <${c.emails[0]}>`,
    to: 'Microbizz Servicedesk <support@microbizz.dk>',
    subject: 'Appen gemmer ikke opgaver - logfil vedhæftet',
    text: 'Hej\n\nSiden i morges gemmer appen ikke opgaverne; montørerne får fejlbeskeden "Der opstod en fejl". Jeg har vedhæftet logfilen fra en af telefonerne.\n\nMvh\n' + c.name,
    messageId: `<${messageId}>`,
    date: new Date(),
    attachments: [{ filename: 'app-log.zip', content: randomBytes(Math.round(mb * 1024 * 1024)), contentType: 'application/zip' }],
  });
  return { raw, messageId, source: 'generated', category: 'error', sender: 'contact' };
}

export interface CorpusFacts {
  n: number;
  /** Mails per `category/sender` (`example/own` for the examples/inbox ones). */
  mix: Record<string, number>;
  avgKb: number;
}

/** What the mix turned out to be (BENCH_JSON `corpus`): mails per category and sender, the average size. */
export function describeCorpus(corpus: BenchMail[]): CorpusFacts {
  const mix: Record<string, number> = {};
  for (const m of corpus) mix[`${m.category ?? 'example'}/${m.sender}`] = (mix[`${m.category ?? 'example'}/${m.sender}`] ?? 0) + 1;
  return { n: corpus.length, mix, avgKb: mean(corpus.map((m) => m.raw.length)) / 1024 };
}
