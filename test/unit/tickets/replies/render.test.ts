import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { convert } from 'html-to-text';
import { AGREEMENT_KINDS, TOPICS } from '../../../../src/domain/vocabulary';
import type { AgreementKind } from '../../../../src/domain/vocabulary';
import { REPLY_KINDS } from '../../../../src/tickets/replies/types';
import type { RenderedReply, ReplyContext, ReplyKind } from '../../../../src/tickets/replies/types';
import {
  createTemplateRenderer,
  defaultTemplatesDir,
  loadPreviewSamples,
  renderAllPreviews,
  REPLY_VARIANTS,
} from '../../../../src/tickets/replies/render';
import {
  agreementLabel,
  formatBytes,
  joinNames,
  shortSubject,
  topicLabel,
} from '../../../../src/tickets/replies/format';
import { formatDkk } from '../../../../src/i18n/money';

const templatesDir = defaultTemplatesDir();
const renderer = createTemplateRenderer(templatesDir);

const samples: ReplyContext[] = REPLY_KINDS.flatMap((kind) => loadPreviewSamples(templatesDir, kind));
const rendered = samples.map((ctx) => ({ ctx, out: renderer.render(ctx) }));

function base(overrides: Partial<ReplyContext> = {}): ReplyContext {
  return {
    language: 'da',
    kind: 'needs-triage',
    variant: null,
    ticket: { reference: 'MB-000123', subject: 'Hjælp' },
    recipient: { name: 'Anna', address: 'anna@firma.dk' },
    senderStatus: 'registered_contact',
    company: { name: 'Firma ApS' },
    agreement: { kind: 'basis' },
    contacts: [
      { name: 'Mette Larsen', address: 'mette@firma.dk' },
      { name: 'Jonas Holm', address: 'jonas@firma.dk' },
    ],
    contactsCopied: true,
    topic: null,
    ...overrides,
  };
}

/** The text a recipient sees in the HTML part, for content assertions. */
function htmlText(out: RenderedReply): string {
  return convert(out.html, { wordwrap: false });
}

function find(kind: ReplyKind, variant: string | null, lang: 'da' | 'en', agreement?: AgreementKind | null) {
  const hit = rendered.find(
    ({ ctx }) =>
      ctx.kind === kind &&
      ctx.variant === variant &&
      ctx.language === lang &&
      (agreement === undefined || (ctx.agreement?.kind ?? null) === agreement),
  );
  if (!hit) throw new Error(`no preview sample for ${kind}/${variant}/${lang}/${agreement}`);
  return hit;
}

describe('format helpers', () => {
  it('formats kroner', () => {
    expect(formatDkk(1850, 'da')).toBe('1.850 kr.');
    expect(formatDkk(950, 'da')).toBe('950 kr.');
    expect(formatDkk(1850, 'en')).toBe('DKK 1,850');
    expect(formatDkk(1850.5, 'da')).toBe('1.850,50 kr.');
  });

  it('names every topic in both languages', () => {
    for (const t of TOPICS) {
      for (const lang of ['da', 'en'] as const) {
        expect(topicLabel(t, lang)).toMatch(/\S/);
        expect(topicLabel(t, lang, 'inline')).toMatch(/\S/);
        expect(topicLabel(t, lang)).not.toContain('_');
      }
    }
    expect(topicLabel('users_rights', 'da')).toBe('Brugere og rettigheder');
    expect(topicLabel('forms', 'da', 'inline')).toBe('skemaer');
    expect(topicLabel(null, 'en', 'inline')).toBe('Microbizz');
  });

  it('names the agreements as supportaftaler.txt does', () => {
    expect(agreementLabel('basis', 'da')).toBe('Basis supportaftale');
    expect(agreementLabel('basis', 'en')).toBe('Basic support agreement');
    expect(agreementLabel('udvidet', 'da')).toBe('Udvidet supportaftale');
    expect(agreementLabel('udvidet', 'en')).toBe('Extended support agreement');
    expect(agreementLabel('hypercare', 'da')).toBe('Hypercare');
    expect(agreementLabel('timefakturering', 'da')).toBe('Timefakturering');
    expect(agreementLabel('timefakturering', 'en')).toBe('Billed by the hour');
  });

  it('formats sizes', () => {
    expect(formatBytes(25 * 1024 * 1024, 'da')).toBe('25 MB');
    expect(formatBytes(33973862, 'da')).toBe('32,4 MB');
    expect(formatBytes(33973862, 'en')).toBe('32.4 MB');
    expect(formatBytes(2048, 'en')).toBe('2 KB');
    expect(formatBytes(900, 'en')).toBe('900 bytes');
  });

  it('joins names and shortens subjects', () => {
    expect(joinNames([], 'da')).toBe('');
    expect(joinNames(['A'], 'da')).toBe('A');
    expect(joinNames(['A', 'B'], 'da')).toBe('A og B');
    expect(joinNames(['A', 'B', 'C'], 'en')).toBe('A, B and C');
    expect(shortSubject('SV: Re:  Faktura\r\n virker ikke')).toBe('Faktura virker ikke');
    const long = shortSubject('Når vi forsøger at overføre timer fra appen til lønsystemet, mangler alt');
    expect(long.length).toBeLessThanOrEqual(50);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('preview samples', () => {
  it('exist for every kind, and cover every variant in both languages', () => {
    for (const kind of REPLY_KINDS) {
      for (const variant of REPLY_VARIANTS[kind]) {
        for (const lang of ['da', 'en'] as const) {
          expect(samples.some((s) => s.kind === kind && s.variant === variant && s.language === lang)).toBe(true);
        }
      }
    }
  });

  it('cover every agreement kind where the template distinguishes them', () => {
    for (const lang of ['da', 'en'] as const) {
      for (const kind of AGREEMENT_KINDS) find('support', kind, lang, kind);
      find('service-request', 'included', lang, 'udvidet');
      find('service-request', 'included', lang, 'hypercare');
      find('service-request', 'billable', lang, 'basis');
      find('service-request', 'billable', lang, 'timefakturering');
      for (const n of [0, 1, 2]) {
        expect(samples.some((s) => s.kind === 'not-registered' && s.language === lang && s.contacts.length === n)).toBe(
          true,
        );
      }
    }
  });

  // The course team's notice goes to COURSE_TEAM_ADDRESS, not to the customer: tested on its own below.
  it.each(rendered.filter((r) => r.ctx.kind !== 'course-notice').map((r) => [`${r.ctx.kind}/${r.ctx.variant ?? 'default'}/${r.ctx.agreement?.kind ?? 'none'}/${r.ctx.language}/${r.ctx.ticket.reference}`, r] as const))(
    '%s renders a complete reply',
    (_name, { ctx, out }) => {
      // Subject: one line, reference in brackets, short.
      expect(out.subject).not.toMatch(/[\r\n]/);
      expect(out.subject.startsWith(`[${ctx.ticket.reference}] `)).toBe(true);
      expect(out.subject.length).toBeLessThanOrEqual(120);

      const html = htmlText(out);
      for (const body of [out.text, html]) {
        expect(body).toContain(ctx.ticket.reference);
        expect(body).toContain('Microbizz Servicedesk');
        expect(body).toContain('support@microbizz.dk');
        expect(body).toContain('+45 7023 5323');
        expect(body).toContain('ekstranet.microbizz.dk');
        expect(body).toContain('servicedesk.microbizz.dk');
        expect(body).toContain(`[${ctx.ticket.reference}]`); // keep-the-reference hint
        expect(body).not.toMatch(/undefined|null|\[object Object\]/);
      }
      const greeting = ctx.language === 'da' ? 'Hej' : ctx.recipient.name ? 'Hi' : 'Hello';
      const greetingLine = ctx.recipient.name ? `${greeting} ${ctx.recipient.name},` : `${greeting},`;
      expect(out.text.startsWith(`${greetingLine}\n\n`)).toBe(true);
      expect(html).toContain(`Microbizz Servicedesk\n\n${greetingLine}\n`); // header bar, then the greeting
      if (ctx.language === 'da') {
        expect(out.text).toContain('(indvalg 2)');
        expect(out.text).toMatch(/automatisk/);
        expect(out.text).not.toMatch(/\b(the|your|we|please|thank)\b/i);
      } else {
        expect(out.text).toContain('(option 2)');
        expect(out.text).toMatch(/automatically/);
        expect(out.text).not.toMatch(/\b(og|din|vi har|tak for|venlig hilsen)\b/i);
      }

      // HTML: email-safe.
      expect(out.html).toMatch(/^<!DOCTYPE html/);
      expect(out.html).toContain(`lang="${ctx.language}"`);
      expect(out.html).not.toMatch(/<script/i);
      expect(out.html).not.toMatch(/<img|<link|<style(?![^>]*>[^<]*!important)/i);
      expect(out.html).not.toMatch(/\{\{|\}\}/);
      // Text: no markup, no template leftovers, no runs of blank lines.
      expect(out.text).not.toMatch(/<\/?[a-z][^>]*>|\{\{|\}\}|&amp;|&quot;/i);
      expect(out.text).not.toMatch(/\n\n\n/);
    },
  );
});

describe('content follows supportaftaler.txt', () => {
  it('support/basis and support/timefakturering: phone not included, 950 kr. per started 30 min, excl. VAT', () => {
    for (const kind of ['basis', 'timefakturering'] as const) {
      const { out } = find('support', kind, 'da');
      for (const body of [out.text, htmlText(out)]) {
        expect(body).toContain('950 kr.');
        expect(body).toContain('30 min');
        expect(body).toContain('ekskl. moms');
        expect(body).toContain('1.850 kr./måned');
        expect(body).toMatch(/telefonsupport er ikke/i);
      }
      const en = find('support', kind, 'en').out.text;
      expect(en).toContain('DKK 950 per hour');
      expect(en).toContain('nearest 30 minutes');
      expect(en).toContain('excl. VAT');
      expect(en).toContain('DKK 1,850 per month');
    }
    expect(find('support', 'basis', 'da').out.text).toContain('Basis supportaftale');
    expect(find('support', 'timefakturering', 'en').out.text).toContain('Billed by the hour');
  });

  it('support/udvidet and support/hypercare: may call +45 7023 5323, option 2; no prices', () => {
    for (const kind of ['udvidet', 'hypercare'] as const) {
      const da = find('support', kind, 'da').out.text;
      expect(da).toMatch(/ringe til os på \+45 7023 5323, indvalg 2/);
      expect(da).not.toMatch(/kr\.|moms/);
      const en = find('support', kind, 'en').out.text;
      expect(en).toMatch(/call us on \+45 7023 5323, option 2/);
      expect(en).not.toMatch(/DKK|VAT/);
    }
  });

  it('error replies: accepted and free whatever the agreement, never a price', () => {
    for (const lang of ['da', 'en'] as const) {
      for (const variant of REPLY_VARIANTS.error) {
        for (const kind of [...AGREEMENT_KINDS, null]) {
          const out = renderer.render(
            base({ kind: 'error', variant, language: lang, agreement: kind ? { kind } : null }),
          );
          for (const body of [out.text, htmlText(out)]) {
            expect(body).not.toMatch(/\bkr\.|DKK|\b950\b|1[.,]850|moms|\bVAT\b|faktureres|\bbilled\b/i);
            expect(body).toMatch(lang === 'da' ? /uden beregning/ : /free of charge/);
          }
        }
      }
    }
    expect(find('error', 'unknown-sender', 'da').out.text).toMatch(/hvilken virksomhed/);
    expect(find('error', 'unknown-sender', 'en').out.text).toMatch(/which company/);
    expect(find('error', null, 'da').out.text).toMatch(/skærmbilleder/);
  });

  it('says the contacts got a copy only when they did (CC_CONTACTS_ON_NOT_REGISTERED)', () => {
    for (const kind of ['not-registered', 'error'] as const) {
      const variant = kind === 'error' ? 'not-registered' : null;
      expect(renderer.render(base({ kind, variant, contactsCopied: false })).text).not.toMatch(/kopi/);
      expect(renderer.render(base({ kind, variant, contactsCopied: false, language: 'en' })).text).not.toMatch(/copy of this email/);
      expect(renderer.render(base({ kind, variant, contactsCopied: true })).text).toMatch(/kopi af denne mail/);
    }
  });

  it('error/not-registered mentions that the registered contacts are copied', () => {
    const out = renderer.render(base({ kind: 'error', variant: 'not-registered' }));
    expect(out.text).toContain('Mette Larsen (mette@firma.dk) og Jonas Holm (jonas@firma.dk)');
    expect(out.text).toMatch(/Vi sender en kopi af denne mail til virksomhedens supportkontakter/);
  });

  it('not-registered names the contacts (0, 1 and 2) and says they get a copy', () => {
    const two = renderer.render(base({ kind: 'not-registered' })).text;
    expect(two).toContain('Jeres supportkontakter er Mette Larsen (mette@firma.dk) og Jonas Holm (jonas@firma.dk)');
    expect(two).toMatch(/kopi af denne mail/);
    const one = renderer.render(base({ kind: 'not-registered', contacts: base().contacts.slice(0, 1) })).text;
    expect(one).toContain('Jeres supportkontakt er Mette Larsen (mette@firma.dk), som har fået en kopi');
    const none = renderer.render(base({ kind: 'not-registered', contacts: [] })).text;
    expect(none).toMatch(/ikke se, at virksomheden har registreret nogen supportkontakter/);
    expect(none).not.toMatch(/kopi/);
    const en = renderer.render(base({ kind: 'not-registered', language: 'en' })).text;
    expect(en).toContain('Mette Larsen (mette@firma.dk) and Jonas Holm (jonas@firma.dk)');
    // Both contacts appear in the preview samples too.
    const sample = find('not-registered', null, 'da', 'basis');
    for (const c of sample.ctx.contacts) expect(sample.out.text).toContain(c.name);
  });

  it('unknown-sender asks which company', () => {
    expect(find('unknown-sender', null, 'da').out.text).toMatch(/navnet på den virksomhed/);
    expect(find('unknown-sender', null, 'en').out.text).toMatch(/name of the company/);
  });

  it('service-request: included vs billable', () => {
    const inc = renderer.render(base({ kind: 'service-request', variant: 'included', agreement: { kind: 'udvidet' } }));
    expect(inc.text).toMatch(/håndteres af Servicedesk som en del af jeres aftale \(Udvidet supportaftale\)/);
    expect(inc.text).not.toMatch(/faktureres|estimat/);
    const bill = renderer.render(base({ kind: 'service-request', variant: 'billable' }));
    expect(bill.text).toMatch(/er ikke omfattet af jeres aftale \(Basis supportaftale\), så opgaven faktureres særskilt/);
    expect(bill.text).toMatch(/konsulent kontakter dig med et estimat, før der bliver sat noget arbejde i gang/);
    const billEn = renderer.render(base({ kind: 'service-request', variant: 'billable', language: 'en' }));
    expect(billEn.text).toMatch(/estimate before any work is started/);
  });

  it('training-offer names the topic and the training route', () => {
    const out = renderer.render(base({ kind: 'training-offer', topic: 'users_rights' }));
    expect(out.text).toContain('undervisning i brugere og rettigheder');
    expect(out.text).toMatch(/kollega kontakter dig/);
    expect(out.text).toContain('servicedesk.microbizz.dk');
    const en = renderer.render(base({ kind: 'training-offer', topic: 'app', language: 'en' }));
    expect(en.text).toContain('training in the Microbizz app');
  });

  it('oversize gives the size and the limit in MB and points to the extranet', () => {
    const out = renderer.render(
      base({ kind: 'oversize', size: { received: 33973862, limit: 26214400 }, agreement: null }),
    );
    expect(out.text).toContain('vi modtog 32,4 MB, og grænsen er 25 MB');
    expect(out.text).toContain('ekstranettet (ekstranet.microbizz.dk)');
    expect(out.subject).toBe('[MB-000123] Din mail var for stor til automatisk behandling: Hjælp');
  });

  it('greets by name, or neutrally', () => {
    expect(renderer.render(base()).text.startsWith('Hej Anna,\n')).toBe(true);
    expect(renderer.render(base({ recipient: { name: null, address: 'x@y.dk' } })).text.startsWith('Hej,\n')).toBe(true);
    expect(renderer.render(base({ language: 'en' })).text.startsWith('Hi Anna,\n')).toBe(true);
    expect(
      renderer.render(base({ language: 'en', recipient: { name: null, address: 'x@y.dk' } })).text.startsWith('Hello,\n'),
    ).toBe(true);
  });
});

describe('renderer mechanics', () => {
  it('builds the subject on one line with the reference first, truncating long subjects', () => {
    const out = renderer.render(
      base({
        kind: 'error',
        ticket: {
          reference: 'MB-000123',
          subject: 'SV: Når vi forsøger at overføre timer\r\n fra appen til lønsystemet, mangler alle registreringer',
        },
      }),
    );
    expect(out.subject).toMatch(/^\[MB-000123\] Vi har modtaget din fejlmelding: Når vi forsøger .*…$/);
    expect(out.subject.length).toBeLessThanOrEqual(100);
    expect(renderer.render(base({ kind: 'error', ticket: { reference: 'MB-1', subject: '' } })).subject).toBe(
      '[MB-1] Vi har modtaget din fejlmelding',
    );
  });

  it('escapes HTML in html but not in text or subject', () => {
    const out = renderer.render(
      base({
        recipient: { name: 'Tom & <b>Jerry</b>', address: 'tom@firma.dk' },
        ticket: { reference: 'MB-000123', subject: 'Fejl i <faktura> & "kredit"' },
      }),
    );
    expect(out.html).toContain('Tom &amp; &lt;b&gt;Jerry&lt;/b&gt;');
    expect(out.html).not.toContain('<b>Jerry</b>');
    expect(out.text).toContain('Hej Tom & <b>Jerry</b>,');
    expect(out.subject).toContain('Fejl i <faktura> & "kredit"');
    expect(out.html).toContain('<title>[MB-000123] Vi har modtaget din henvendelse: Fejl i &lt;faktura&gt;');
  });

  it('rejects unknown kinds, languages and variants, naming the file', () => {
    expect(() => renderer.render(base({ kind: 'nope' as ReplyKind }))).toThrow(/nope[\\/]subject\.da\.hbs/);
    expect(() => renderer.render(base({ language: 'de' as 'da' }))).toThrow(/needs-triage[\\/]subject\.de\.hbs/);
    expect(() => renderer.render(base({ kind: 'service-request', variant: 'basis' }))).toThrow(/no variant "basis"/);
  });

  describe('with a broken template folder', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reply-templates-'));
      fs.cpSync(templatesDir, dir, { recursive: true });
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('throws naming a missing template file', () => {
      fs.rmSync(path.join(dir, 'oversize', 'html.en.hbs'));
      expect(() => createTemplateRenderer(dir)).toThrow(/oversize[\\/]html\.en\.hbs/);
    });

    it('throws naming a missing partial', () => {
      fs.rmSync(path.join(dir, 'partials', 'agreement-footer.en.html.hbs'));
      expect(() => createTemplateRenderer(dir)).toThrow(/agreement-footer\.en\.html\.hbs/);
    });

    it('fails loudly (strict mode) when a template uses a variable the context lacks', () => {
      fs.appendFileSync(path.join(dir, 'needs-triage', 'text.da.hbs'), '{{ticket.prioritet}}\n');
      const r = createTemplateRenderer(dir);
      expect(() => r.render(base())).toThrow(/needs-triage[\\/]text\.da\.hbs.*"prioritet" not defined/);
    });
  });

  it('finds the templates folder from src/ and from dist/src/', () => {
    const root = path.dirname(templatesDir);
    expect(fs.existsSync(path.join(templatesDir, 'partials', 'layout.html.hbs'))).toBe(true);
    expect(defaultTemplatesDir(path.join(root, 'dist', 'src', 'pipeline', 'reply'))).toBe(templatesDir);
  });

  it('renders all previews to files with an index', async () => {
    // PREVIEW_OUT=docs/previews npx jest test/unit/reply  writes the committed previews.
    const outDir = process.env.PREVIEW_OUT
      ? path.resolve(process.env.PREVIEW_OUT)
      : fs.mkdtempSync(path.join(os.tmpdir(), 'reply-previews-'));
    try {
      const written = await renderAllPreviews(renderer, templatesDir, outDir);
      expect(written).toHaveLength(samples.length * 2 + 1);
      expect(written).toContain(path.join(outDir, 'support', 'basis.basis.da.txt'));
      expect(written).toContain(path.join(outDir, 'error', 'default.basis.da.html'));
      expect(written).toContain(path.join(outDir, 'index.html'));
      expect(new Set(written).size).toBe(written.length);
      const index = fs.readFileSync(path.join(outDir, 'index.html'), 'utf8');
      expect(index).toContain('href="support/basis.basis.da.html"');
      const txt = fs.readFileSync(path.join(outDir, 'support', 'basis.basis.da.txt'), 'utf8');
      expect(txt).toMatch(/^Subject: \[MB-\d+\] /);
    } finally {
      if (!process.env.PREVIEW_OUT) fs.rmSync(outDir, { recursive: true, force: true });
    }
  });
});

describe('course replies (training offers with dates, booking by reply)', () => {
  const course = {
    title: 'Skemaer fra bunden',
    lines: [
      { n: 1, when: 'fredag den 12. marts 2027 kl. 9.00', place: 'Aarhus', seats: '4 ledige pladser', price: '2.500 kr. ekskl. moms', text: '1. fredag den 12. marts 2027 kl. 9.00 — Aarhus — 4 ledige pladser — 2.500 kr. ekskl. moms' },
      { n: 2, when: 'fredag den 9. april 2027 kl. 9.00', place: 'Aarhus', seats: '1 ledig plads', price: '2.500 kr. ekskl. moms', text: '2. fredag den 9. april 2027 kl. 9.00 — Aarhus — 1 ledig plads — 2.500 kr. ekskl. moms' },
    ],
    choices: '1 eller 2',
  };

  it('a training offer with a course lists the numbered dates and says how to book; without one it keeps the generic text', () => {
    const out = renderer.render(base({ kind: 'training-offer', topic: 'forms', course }));
    expect(out.text).toContain('»Skemaer fra bunden«');
    expect(out.text).toContain('1. fredag den 12. marts 2027 kl. 9.00 — Aarhus — 4 ledige pladser — 2.500 kr. ekskl. moms\n2. fredag den 9. april');
    expect(out.text).toContain('Svar på denne mail med 1 eller 2');
    expect(out.text).not.toContain('kontakter dig snarest');
    expect(htmlText(out)).toContain('Svar på denne mail med 1 eller 2');
    const generic = renderer.render(base({ kind: 'training-offer', topic: 'forms' }));
    expect(generic.text).toContain('kontakter dig snarest med forslag til forløb og mulige datoer');
    expect(generic.text).not.toContain('Svar på denne mail med');
    const en = renderer.render(base({ kind: 'training-offer', topic: 'forms', language: 'en', course: { ...course, choices: '1 or 2' } }));
    expect(en.text).toContain('Reply to this mail with 1 or 2');
  });

  it('the confirmation names course, date, place and price', () => {
    const out = renderer.render(base({ kind: 'course-booked', course: { ...course, booked: { when: 'fredag den 9. april 2027 kl. 9.00', place: 'Aarhus', price: '2.500 kr. ekskl. moms', seatsLeft: 0 } } }));
    expect(out.subject).toBe('[MB-000123] Din plads er booket: Skemaer fra bunden, fredag den 9. april 2027 kl. 9.00');
    for (const s of ['Dato: fredag den 9. april 2027 kl. 9.00', 'Sted: Aarhus', 'Pris: 2.500 kr. ekskl. moms']) expect(out.text).toContain(s);
  });

  it('the course team notice names the customer, the company and the booking', () => {
    const out = renderer.render(base({ kind: 'course-notice', course: { ...course, booked: { when: 'fredag den 9. april 2027 kl. 9.00', place: 'Aarhus', price: '2.500 kr. ekskl. moms', seatsLeft: 0 } } }));
    for (const s of ['Kunde: Anna <anna@firma.dk>', 'Virksomhed: Firma ApS', 'Dato: fredag den 9. april 2027 kl. 9.00', 'Aftale: Basis supportaftale', 'Ledige pladser efter bookingen: 0']) expect(out.text).toContain(s);
  });

  it('full: the remaining dates, or that the team will call', () => {
    const withDates = renderer.render(base({ kind: 'course-full', course: { ...course, chosen: { n: 3, when: 'fredag den 21. maj 2027 kl. 9.00', gone: false } } }));
    expect(withDates.text).toContain('holdet fredag den 21. maj 2027 kl. 9.00');
    expect(withDates.text).toContain('Svar på denne mail med 1 eller 2');
    const none = renderer.render(base({ kind: 'course-full', language: 'en', course: { ...course, lines: [], choices: '', chosen: { n: 1, when: 'Friday 12 March 2027 at 09:00', gone: true } } }));
    expect(none.text).toContain('no other dates with seats left');
    expect(none.text).toContain('the Friday 12 March 2027 at 09:00 date of the course "Skemaer fra bunden" can no longer be booked');
    expect(withDates.text).not.toContain('ikke længere bookes');
  });
});
