import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startWorker, type RunningWorker } from '../../../src/main/worker';
import { createLogger } from '../../../src/shared/logger';
import { startSmtpSink, type SmtpSink } from '../../../harness/smtp-sink';
import { ROOT, waitUntil } from '../../support/env';
import { addUser, ingest, startHarness, type Harness, type TestUser } from '../../integration/api/harness';
import { buildXssMail } from '../../integration/api/xss-mail';
import { FORGED, MORNING, NEWSLETTER, NO_SENDER } from './seed';
import { readCoursesCsv, shiftToFuture } from '../../../src/courses/csv';
import { importCourses } from '../../../src/courses/store';

jest.setTimeout(120_000);

/**
 * The agent workspace in a real browser (Debian's Chromium, headless), against the app on a
 * real port, a test database seeded through the real pipeline, and the worker running
 * in-process so a reply written in the browser arrives at the SMTP sink.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The committed screenshots change only when asked (UPDATE_SCREENSHOTS=1), so a test run leaves the tree clean.
const SHOTS = process.env.UPDATE_SCREENSHOTS ? join(ROOT, 'docs', 'screenshots') : mkdtempSync(join(tmpdir(), 'sd-shots-'));

let h: Harness;
let sink: SmtpSink;
let worker: RunningWorker;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;
let agent: TestUser;
let manager: TestUser;
let xss: { reference: string; messageId: string };
let forged: string;
const requests: string[] = [];
const dialogs: string[] = [];
const consoleLines: string[] = [];

beforeAll(async () => {
  sink = await startSmtpSink();
  h = await startHarness({ SMTP_HOST: sink.host, SMTP_PORT: String(sink.port), SMTP_SECURE: 'false', LOG_LEVEL: 'silent', TRUSTED_AUTHSERV_IDS: 'mx.microbizz.dk' });
  for (const m of MORNING) await ingest(h, m);
  // Last week had mail too: the first four tickets (oldest first, so the queues' order holds).
  await h.db.dataSource.query(`UPDATE tickets SET created_at = created_at - interval '7 days' WHERE id <= 4`);
  await h.db.dataSource.query(`UPDATE ticket_messages SET created_at = created_at - interval '7 days' WHERE ticket_id <= 4`);
  await h.db.dataSource.query(`UPDATE inbound_mails SET received_at = received_at - interval '7 days' WHERE ticket_id <= 4`);
  const messageId = `xss-${Date.now()}@fjordby-el.dk`;
  const x = await ingest(h, await buildXssMail({ messageId }));
  xss = { reference: (x.outcome as { ticketReference: string }).ticketReference, messageId };
  forged = ((await ingest(h, FORGED)).outcome as { ticketReference: string }).ticketReference;
  await ingest(h, NEWSLETTER);
  await ingest(h, NO_SENDER);
  agent = await addUser(h, 'agent', { email: 'anne.andersen@ventu.dk', name: 'Anne Andersen' });
  manager = await addUser(h, 'manager', { email: 'bo.berg@ventu.dk', name: 'Bo Berg' });

  worker = await startWorker(h.config, createLogger('silent'), { sweepMs: 500 });
  base = await h.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
  page = await context.newPage();
  context.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => consoleLines.push(m.text()));
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await h?.close();
  await sink?.stop();
});

it('logs in and shows the pre-sorted queues with counts, oldest first', async () => {
  await page.goto(`${base}/`);
  expect(page.url()).toMatch(/\/login\?next=/);
  await page.getByLabel('E-mail').fill(agent.email);
  await page.getByLabel('Adgangskode').fill(agent.password);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.waitForURL(`${base}/queues/error`);

  const sidebar = page.getByRole('complementary', { name: 'Køer' });
  const count = async (label: string) => Number(await sidebar.getByRole('link', { name: new RegExp(`^${label}`) }).locator('.count').innerText());
  expect(await count('Fejl')).toBeGreaterThanOrEqual(2);
  expect(await count('Support')).toBeGreaterThanOrEqual(1);
  expect(await count('Karantæne')).toBe(1);
  expect(await count('Filtreret')).toBe(1);

  await sidebar.getByRole('link', { name: /^Support/ }).click();
  await page.waitForURL(`${base}/queues/support`);
  const refs = await page.locator('td.ref a').allInnerTexts();
  expect(refs.length).toBeGreaterThan(0);
  expect([...refs].sort()).toEqual(refs);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'queue.png'), fullPage: false });

  await page.getByPlaceholder('Søg i tekst, afsender eller sagsnummer').fill('50%');
  await page.getByRole('button', { name: 'Filtrér' }).click();
  expect(await page.locator('td.subject a').allInnerTexts()).toEqual(['Rabat på 50% vises forkert på fakturaen']);
});

it('opens a ticket and reclassifies it; the correction is stored for training', async () => {
  await page.goto(`${base}/queues/support`);
  await page.getByRole('link', { name: 'Kreditnota', exact: true }).click();
  await page.waitForURL(/\/tickets\/MB-\d+$/);
  expect(await page.locator('h1').innerText()).toBe('Kreditnota');
  const reference = (await page.locator('.crumbs .ref').innerText()).trim();
  await page.getByLabel('Ny kategori').selectOption('training');
  await page.getByRole('button', { name: 'Omklassificér' }).click();
  await page.waitForURL(/done=reclassified/);
  expect(await page.getByRole('status').innerText()).toContain('Kategorien er ændret');
  const [t] = await h.db.dataSource.query(`SELECT category, queue FROM tickets WHERE reference = $1`, [reference]);
  expect(t).toEqual({ category: 'training', queue: 'training' });
  expect(await h.db.dataSource.query(`SELECT to_category, created_by FROM classification_corrections c JOIN tickets t ON t.id = c.ticket_id WHERE t.reference = $1`, [reference])).toEqual([
    { to_category: 'training', created_by: agent.email },
  ]);
});

it('sends a reply that the worker delivers to the customer, threaded and with the reference', async () => {
  await page.goto(`${base}/queues/error`);
  await page.getByRole('link', { name: 'Appen lukker ned', exact: true }).click();
  await page.waitForURL(/\/tickets\/MB-\d+$/);
  const reference = (await page.locator('.crumbs .ref').innerText()).trim();
  const [customer] = await h.db.dataSource.query(
    `SELECT m.message_id FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.reference = $1 AND m.direction = 'inbound'`,
    [reference],
  );
  await page.getByLabel(/Svar kunden/).fill('Hej Mette\n\nVi har fundet fejlen. Opdatér appen til version 7.2 fra App Store, så virker det igen.');
  await page.getByRole('button', { name: 'Send svar' }).click();
  await page.waitForURL(/done=replied/);

  const mail = await waitUntil(async () => sink.messages.find((m) => m.parsed.headers.get('x-servicedesk-reply') === 'agent'), 20_000, 'the agent reply at the SMTP sink');
  expect(mail.envelopeTo).toEqual(['mette@fjordby-el.dk']);
  expect(mail.parsed.subject).toBe(`SV: [${reference}] Appen lukker ned`);
  expect(mail.parsed.inReplyTo).toBe(`<${customer.message_id}>`);
  expect(mail.parsed.headers.get('auto-submitted')).toBe('no');
  expect(mail.parsed.text).toContain('Opdatér appen til version 7.2');
  expect(mail.parsed.text).toContain('Anne Andersen');
  await waitUntil(async () => (await h.db.dataSource.query(`SELECT state FROM outbox WHERE kind = 'agent'`))[0]?.state === 'sent', 10_000, 'the outbox row to be sent');
  await page.reload();
  expect(await page.locator('.msg-outbound').last().innerText()).toContain('sendt');
  await page.getByLabel(/Intern note/).fill('Kunden bekræftede i telefonen, at opdateringen hjalp.');
  await page.getByRole('button', { name: 'Gem note' }).click();
  await page.waitForURL(/done=noted/);
  await page.screenshot({ path: join(SHOTS, 'ticket.png'), fullPage: true });
});

it('shows a mail full of XSS payloads without running any of it or calling any remote host', async () => {
  requests.length = 0;
  dialogs.length = 0;
  consoleLines.length = 0;
  await page.goto(`${base}/tickets/${xss.reference}`);
  const frame = page.frameLocator('iframe.mail-frame');
  expect(await frame.locator('body').innerText()).toContain('faktura-skabelon');
  expect(await frame.locator('img[alt="logo"]').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
  expect(await page.getByText('eksterne billeder er blokeret').isVisible()).toBe(true);
  // Give anything that would fire (onerror, onload, timers) time to do so.
  await page.waitForTimeout(1500);

  expect(await page.evaluate(() => (globalThis as { __pwned?: string }).__pwned)).toBeUndefined();
  const child = page.frames().find((f) => f.url().includes('/body'))!;
  expect(child).toBeDefined();
  expect(await child.locator('script, svg, iframe, form, [onerror], [onload]').count()).toBe(0);
  expect(await child.locator('a[href^="javascript:"]').count()).toBe(0);
  expect(dialogs).toEqual([]);
  expect(consoleLines.filter((l) => /pwned|alert/i.test(l))).toEqual([]);
  const foreign = requests.filter((u) => !u.startsWith(base) && !u.startsWith('data:'));
  expect(foreign).toEqual([]);
  expect(requests.some((u) => u.startsWith(`${base}/mails/`))).toBe(true);

  // The attachment downloads instead of rendering as a page of ours.
  const attachment = page.getByRole('link', { name: /Tilbud på æblekage/ });
  const [download] = await Promise.all([page.waitForEvent('download'), attachment.click()]);
  expect(download.suggestedFilename()).toBe('Tilbud på æblekage 2026.html');
  expect(await page.evaluate(() => (globalThis as { __pwned?: string }).__pwned)).toBeUndefined();
  await page.screenshot({ path: join(SHOTS, 'ticket-html-mail.png'), fullPage: true });
});

it('lists held-back mail and rescues a filtered one into a ticket without an automatic reply', async () => {
  await page.goto(`${base}/queues/ignored`);
  await page.getByRole('link', { name: 'Ugens nyheder: nye regler for timesedler' }).click();
  await page.getByRole('button', { name: /Opret sag/ }).click();
  await page.waitForURL(/\/tickets\/MB-\d+\?done=rescued/);
  expect(await page.getByRole('status').innerText()).toContain('uden automatisk svar');
  await page.goto(`${base}/queues/quarantined`);
  expect(await page.locator('td.subject a').allInnerTexts()).toEqual(['Ordrebekræftelse 4711']);
  const sentTo = sink.messages.flatMap((m) => m.envelopeTo);
  expect(sentTo).not.toContain('nyhedsbrev@branchenyt.example');
});

it('an agent opens a forged-sender ticket: a Danish warning at the top, an empty company selector with a suggestion', async () => {
  // An unknown sender's mail that looks like fraud waits in "Kræver vurdering", unanswered.
  await page.goto(`${base}/queues/needs_triage`);
  await page.getByRole('link', { name: 'Ny bankkonto til jeres fakturaer', exact: true }).click();
  await page.waitForURL(`${base}/tickets/${forged}`);
  const alert = page.getByRole('alert');
  expect(await alert.innerText()).toBe('Afsenderen kunne ikke bekræftes (DMARC fejlede) — muligvis forfalsket. Intet automatisk svar er sendt.');
  // At the top of the ticket: above the thread.
  const alertBox = (await alert.boundingBox())!;
  const threadBox = (await page.getByRole('region', { name: 'Tråd' }).boundingBox())!;
  expect(alertBox.y).toBeLessThan(threadBox.y);

  const select = page.getByLabel('Virksomhed');
  expect(await select.inputValue()).toBe('');
  expect(await select.locator('option:checked').innerText()).toBe('Vælg virksomhed …');
  expect(await page.locator('.suggestion').innerText()).toBe('Forslag: Fjordby Elektro ApS — domænet fjordby-el.dk er registreret hos dem.');
  expect(await page.getByRole('note').filter({ hasText: 'DMARC fejlede' }).innerText()).toMatch(/^Afsenderen kunne ikke bekræftes \(DMARC fejlede\) — muligvis forfalsket\. Knyt kun adressen/);
  // The reasons are Danish too.
  await page.getByText('Hvorfor?').click();
  expect(await page.locator('ul.explain').innerText()).toContain('DMARC fejlede på vores modtageserver');
  expect(await page.locator('body').innerText()).not.toMatch(/DMARC failed/);
  await page.screenshot({ path: join(SHOTS, 'ticket-forged.png'), fullPage: true });

  // One careless click links nothing: the browser refuses the form without a company and the confirmation.
  await page.getByRole('button', { name: 'Knyt afsender' }).click();
  expect(page.url()).toBe(`${base}/tickets/${forged}`);
  expect((await h.db.dataSource.query(`SELECT company_id FROM tickets WHERE reference = $1`, [forged]))[0].company_id).toBeNull();
});

it('"Mine sager" counts the tickets assigned to the agent', async () => {
  await page.goto(`${base}/queues/support`);
  await page.getByRole('link', { name: 'Rabat på 50% vises forkert på fakturaen', exact: true }).click();
  await page.getByLabel('Agent').selectOption({ label: 'Anne Andersen' });
  await page.getByRole('button', { name: 'Tildel' }).click();
  await page.waitForURL(/done=assigned/);
  const mine = page.getByRole('complementary', { name: 'Køer' }).getByRole('link', { name: /^Mine sager/ });
  expect(await mine.locator('.count').innerText()).toBe('1');
  await mine.click();
  await page.waitForURL(`${base}/queues/mine`);
  expect(await page.locator('td.subject a').allInnerTexts()).toEqual(['Rabat på 50% vises forkert på fakturaen']);
});

it('a manager logs in to the report inside the app frame, moves between periods and into a company\'s tickets', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
  try {
    const m = await ctx.newPage();
    await m.goto(`${base}/`);
    await m.getByLabel('E-mail').fill(manager.email);
    await m.getByLabel('Adgangskode').fill(manager.password);
    await m.getByRole('button', { name: 'Log ind' }).click();
    await m.waitForURL(`${base}/reports/training`);

    // The app's frame: navigation, the queues, who is logged in.
    expect(await m.getByRole('link', { name: 'Undervisningsrapport' }).getAttribute('aria-current')).toBe('page');
    expect(await m.getByRole('complementary', { name: 'Køer' }).isVisible()).toBe(true);
    expect(await m.locator('.me').innerText()).toContain('Bo Berg · Leder');
    // A period with data, and it says which.
    expect(await m.locator('.period-shown').innerText()).toMatch(/^Viser: Denne uge · uge \d+ \d{4} \(/);
    const thisWeek = await m.locator('table.report-companies td.company').allInnerTexts();
    expect(thisWeek).toEqual(expect.arrayContaining(['Havnens VVS & Blik A/S', 'Skovgaard Rengøring ApS']));
    await m.screenshot({ path: join(SHOTS, 'report.png'), fullPage: true });

    await m.getByRole('navigation', { name: 'Periode' }).getByRole('link', { name: 'Sidste uge' }).click();
    await m.waitForURL(`${base}/reports/training?period=last-week`);
    expect(await m.locator('.period-shown').innerText()).toMatch(/^Viser: Sidste uge · uge \d+/);
    expect(await m.locator('table.report-companies td.company').allInnerTexts()).toEqual(expect.arrayContaining(['Fjordby Elektro ApS', 'Havnens VVS & Blik A/S', 'Skovgaard Rengøring ApS']));

    // A range without mail is explained, and points to the latest period with data.
    await m.getByLabel('Fra').fill('2020-01-01');
    await m.getByLabel('Til').fill('2020-01-31');
    await m.getByRole('button', { name: 'Vis' }).click();
    await m.waitForURL(/from=2020-01-01&to=2020-01-31/);
    expect(await m.locator('.report-empty').innerText()).toMatch(/^Ingen undervisningstilbud i perioden januar 2020 \(1\. jan\. 2020 – 31\. jan\. 2020\): der kom ingen henvendelser/);
    await m.screenshot({ path: join(SHOTS, 'report-empty.png'), fullPage: false });
    await m.locator('.report-empty').getByRole('link').click();
    expect(await m.locator('.period-shown').innerText()).toMatch(/^Viser: Denne uge/);

    // Into a company's tickets of the period.
    await m.getByRole('link', { name: 'Havnens VVS & Blik A/S' }).click();
    await m.waitForURL(/\/tickets\?from=.*&company=\d+&status=all$/);
    expect(await m.locator('h1').innerText()).toBe('Sager fra Havnens VVS & Blik A/S');
    const subjects = await m.locator('td.subject a').allInnerTexts();
    expect([...subjects].sort()).toEqual(['Rabat på 50% vises forkert på fakturaen', 'Timesedler eksporteres ikke til lønsystemet']);
  } finally {
    await ctx.close();
  }
});

it('a manager keeps the course calendar: the courses with their free seats, and a date\'s seats changed in place', async () => {
  // The example calendar, as the embedded default loads it (after the other tests: their training offers had no dates).
  await importCourses(h.db.dataSource, shiftToFuture(readCoursesCsv(readFileSync(join(ROOT, 'examples', 'courses.csv'), 'utf8')), new Date()));
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
  try {
    const m = await ctx.newPage();
    await m.goto(`${base}/login`);
    await m.getByLabel('E-mail').fill(manager.email);
    await m.getByLabel('Adgangskode').fill(manager.password);
    await m.getByRole('button', { name: 'Log ind' }).click();
    await m.waitForURL(`${base}/reports/training`);

    await m.getByRole('link', { name: 'Kurser', exact: true }).click();
    await m.waitForURL(`${base}/courses`);
    const first = m.locator('table.courses tbody tr').first();
    // Nothing booked yet: every date shows all its seats free, e.g. "(25/25 ledige)".
    expect(await first.innerText()).toMatch(/\((\d+)\/\1 ledige\)/);
    await m.screenshot({ path: join(SHOTS, 'courses.png'), fullPage: true });

    const title = await first.getByRole('link').innerText();
    await first.getByRole('link').click();
    await m.waitForURL(/\/courses\/\d+$/);
    expect(await m.locator('h1').innerText()).toBe(title);
    const date = m.locator('table.course-dates tbody tr').first();
    await date.getByLabel('Pladser').fill('3');
    await date.getByRole('button', { name: 'Gem' }).click();
    await m.waitForURL(/\/courses\/\d+\?done=saved$/);
    // Booked 0, free 3: the page and the database agree.
    expect(await m.locator('table.course-dates tbody tr').first().locator('td.num').allInnerTexts()).toEqual(['0', '3']);
    const [row] = await h.db.dataSource.query(`SELECT d.seats_total, d.seats_left FROM course_dates d JOIN courses c ON c.id = d.course_id WHERE c.title = $1 ORDER BY d.starts_at LIMIT 1`, [title]);
    expect(row).toEqual({ seats_total: 3, seats_left: 3 });
  } finally {
    await ctx.close();
  }
});
