import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bearer, FORM, addUser, ingest, login, startHarness, type Harness, type TestUser } from '../api/harness';
import { ROOT } from '../../support/env';
import { readHelpArticlesCsv } from '../../../src/help/csv';
import { importArticles } from '../../../src/help/articles';

jest.setTimeout(120_000);

/**
 * The help catalogue in the workspace: the REST API and the pages with the registry's role
 * rules (everyone reads, managers and admins edit), and a ticket's suggestions put into the
 * reply draft with one click.
 */
let h: Harness;
let agent: TestUser;
let manager: TestUser;
const ARTICLE = { url: 'https://help.microbizz.dk/eksempel/maaler', language: 'da', title: 'Aflæs en måler', summary: 'Målerstand på opgaven.', topics: ['tasks'], keywords: ['måler', 'målerstand'] };
const textarea = (html: string) => /<textarea id="reply-text"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)?.[1] ?? null;
const unescape = (s: string) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

beforeAll(async () => {
  h = await startHarness();
  await importArticles(h.db.dataSource, readHelpArticlesCsv(readFileSync(join(ROOT, 'examples', 'help-articles.csv'), 'utf8')));
  [agent, manager] = [await addUser(h, 'agent'), await addUser(h, 'manager')];
});
afterAll(async () => h?.close());

describe('REST API', () => {
  it('agents read; only managers and admins create, change and delete', async () => {
    const list = await h.app.inject({ url: '/api/help-articles', headers: bearer(agent) });
    expect(list.statusCode).toBe(200);
    expect(list.json().length).toBeGreaterThan(30);

    expect((await h.app.inject({ method: 'POST', url: '/api/help-articles', headers: bearer(agent), payload: ARTICLE })).statusCode).toBe(403);
    const created = await h.app.inject({ method: 'POST', url: '/api/help-articles', headers: bearer(manager), payload: ARTICLE });
    expect(created.statusCode).toBe(201);
    const { id } = created.json();
    expect(created.json()).toMatchObject({ ...ARTICLE, id });
    expect((await h.app.inject({ url: `/api/help-articles/${id}`, headers: bearer(agent) })).json()).toMatchObject(ARTICLE);

    expect((await h.app.inject({ method: 'PUT', url: `/api/help-articles/${id}`, headers: bearer(agent), payload: { ...ARTICLE, title: 'Nej' } })).statusCode).toBe(403);
    const changed = await h.app.inject({ method: 'PUT', url: `/api/help-articles/${id}`, headers: bearer(manager), payload: { ...ARTICLE, title: 'Aflæs en vandmåler' } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().title).toBe('Aflæs en vandmåler');

    expect((await h.app.inject({ method: 'DELETE', url: `/api/help-articles/${id}`, headers: bearer(agent) })).statusCode).toBe(403);
    expect((await h.app.inject({ method: 'DELETE', url: `/api/help-articles/${id}`, headers: bearer(manager) })).statusCode).toBe(200);
    expect((await h.app.inject({ url: `/api/help-articles/${id}`, headers: bearer(agent) })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'DELETE', url: `/api/help-articles/${id}`, headers: bearer(manager) })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'PUT', url: `/api/help-articles/${id}`, headers: bearer(manager), payload: ARTICLE })).statusCode).toBe(404);
  });

  it('refuses a bad article (with the reason) and a second article on the same URL and language', async () => {
    const bad = await h.app.inject({ method: 'POST', url: '/api/help-articles', headers: bearer(manager), payload: { ...ARTICLE, url: 'javascript:alert(1)' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/http\(s\)/);
    expect((await h.app.inject({ method: 'POST', url: '/api/help-articles', headers: bearer(manager), payload: { ...ARTICLE, topics: ['golf'] } })).statusCode).toBe(400);
    const dup = await h.app.inject({ method: 'POST', url: '/api/help-articles', headers: bearer(manager), payload: { ...ARTICLE, url: 'https://help.microbizz.dk/eksempel/kreditnota' } });
    expect(dup.statusCode).toBe(409);
  });
});

describe('pages', () => {
  it('a manager creates, edits and deletes an article through the forms; an agent sees the list but may not post', async () => {
    const m = await login(h.app, manager.email, manager.password);
    const form = new URLSearchParams({ _csrf: m.csrf, title: 'Skift logo på tilbud', url: 'https://help.microbizz.dk/eksempel/logo', language: 'da', summary: 'Nyt logo.', keywords: 'logo; tilbud, layout' });
    form.append('topics', 'invoicing');
    form.append('topics', 'other');
    const created = await h.app.inject({ method: 'POST', url: '/help-articles', headers: { cookie: m.cookie, ...FORM }, payload: form.toString() });
    expect(created.statusCode).toBe(303);
    const location = created.headers.location as string;
    expect(location).toMatch(/^\/help-articles\/\d+\?done=saved$/);
    const id = /\/(\d+)\?/.exec(location)![1];
    const [row] = await h.db.dataSource.query(`SELECT title, topics, keywords FROM help_articles WHERE id = $1`, [id]);
    expect(row).toEqual({ title: 'Skift logo på tilbud', topics: ['invoicing', 'other'], keywords: ['logo', 'tilbud', 'layout'] });

    const edited = await h.app.inject({ method: 'POST', url: `/help-articles/${id}`, headers: { cookie: m.cookie, ...FORM }, payload: new URLSearchParams({ _csrf: m.csrf, title: 'Skift logo', url: 'https://help.microbizz.dk/eksempel/logo', language: 'da', summary: '', keywords: 'logo' }).toString() });
    expect(edited.statusCode).toBe(303);
    expect((await h.db.dataSource.query(`SELECT title, topics FROM help_articles WHERE id = $1`, [id]))[0]).toEqual({ title: 'Skift logo', topics: [] });

    const invalid = await h.app.inject({ method: 'POST', url: `/help-articles/${id}`, headers: { cookie: m.cookie, ...FORM }, payload: new URLSearchParams({ _csrf: m.csrf, title: '', url: 'https://help.microbizz.dk/eksempel/logo', language: 'da' }).toString() });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('title is empty');

    const a = await login(h.app, agent.email, agent.password);
    const listPage = await h.app.inject({ url: '/help-articles', headers: { cookie: a.cookie } });
    expect(listPage.statusCode).toBe(200);
    expect(listPage.body).toContain('Skift logo');
    expect(listPage.body).not.toContain('action="/help-articles"');
    const refused = await h.app.inject({ method: 'POST', url: `/help-articles/${id}/delete`, headers: { cookie: a.cookie, ...FORM }, payload: `_csrf=${a.csrf}` });
    expect(refused.statusCode).toBe(403);

    const deleted = await h.app.inject({ method: 'POST', url: `/help-articles/${id}/delete`, headers: { cookie: m.cookie, ...FORM }, payload: `_csrf=${m.csrf}` });
    expect(deleted.statusCode).toBe(303);
    expect(await h.db.dataSource.query(`SELECT id FROM help_articles WHERE id = $1`, [id])).toEqual([]);
  });
});

describe('the ticket view', () => {
  it('shows the articles the automatic reply listed and the suggestions; one click puts an article into the draft, keeping what was typed', async () => {
    const { outcome } = await ingest(h, { from: 'Søren Havn <soeren@havnens-vvs.dk>', subject: 'Kreditnota', text: 'Hej\n\nHvordan laver jeg en kreditnota på en faktura, der allerede er sendt til kunden?\n\nVenlig hilsen\nSøren' });
    expect(outcome).toMatchObject({ state: 'processed', replyKind: 'support/basis' });
    const ref = (outcome as { ticketReference: string }).ticketReference;
    const s = await login(h.app, agent.email, agent.password);
    const view = await h.app.inject({ url: `/tickets/${ref}`, headers: { cookie: s.cookie } });
    expect(view.statusCode).toBe(200);
    expect(view.body).toContain('Hjælpeartikler i det automatiske svar');
    const [credit] = await h.db.dataSource.query(`SELECT id FROM help_articles WHERE url = 'https://help.microbizz.dk/eksempel/kreditnota'`);
    expect(view.body).toContain(`formaction="/tickets/${ref}/insert-articles" formnovalidate name="article" value="${credit.id}"`);

    const typed = 'Hej Søren\n\nSe "Opret en kreditnota" her:';
    const inserted = await h.app.inject({ method: 'POST', url: `/tickets/${ref}/insert-articles`, headers: { cookie: s.cookie, ...FORM }, payload: new URLSearchParams({ _csrf: s.csrf, text: typed, article: String(credit.id) }).toString() });
    expect(inserted.statusCode).toBe(200);
    expect(unescape(textarea(inserted.body)!)).toBe(`${typed}\n\n- Opret en kreditnota på en faktura\n  https://help.microbizz.dk/eksempel/kreditnota\n`);
    // Nothing was sent: the draft only came back filled.
    expect(await h.db.dataSource.query(`SELECT id FROM outbox WHERE kind = 'agent'`)).toEqual([]);

    const all = await h.app.inject({ method: 'POST', url: `/tickets/${ref}/insert-articles`, headers: { cookie: s.cookie, ...FORM }, payload: new URLSearchParams({ _csrf: s.csrf, text: '', article: 'all' }).toString() });
    expect(unescape(textarea(all.body)!)).toMatch(/^- Opret en kreditnota på en faktura\n {2}https:\/\/help\.microbizz\.dk\/eksempel\/kreditnota\n/);

    const noCsrf = await h.app.inject({ method: 'POST', url: `/tickets/${ref}/insert-articles`, headers: { cookie: s.cookie, ...FORM }, payload: `text=x&article=${credit.id}` });
    expect(noCsrf.statusCode).toBe(403);
  });
});
