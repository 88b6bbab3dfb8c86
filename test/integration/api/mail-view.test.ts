import { addUser, ingest, startHarness, type Harness, type TestUser } from './harness';
import { ATTACHMENT, buildXssMail } from './xss-mail';

jest.setTimeout(60_000);

/** The customer's HTML as served to the sandboxed frame, and attachment downloads. */
let h: Harness;
let agent: TestUser;
let mailId: string;
let reference: string;
const get = (url: string) => h.app.inject({ url, headers: { authorization: `Bearer ${agent.token}` } });

beforeAll(async () => {
  h = await startHarness();
  agent = await addUser(h, 'agent');
  const r = await ingest(h, await buildXssMail());
  mailId = r.mailId;
  reference = (r.outcome as { ticketReference: string }).ticketReference;
});
afterAll(async () => h?.close());

describe('the mail frame', () => {
  it('serves sanitised HTML under a CSP that allows no script and no remote load', async () => {
    const res = await get(`/mails/${mailId}/body`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox allow-popups allow-popups-to-escape-sandbox",
    );
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    for (const bad of [/<script/i, /onerror/i, /onload/i, /javascript:/i, /expression\(/i, /<svg/i, /<iframe/i, /<form/i, /tracker\.evil/, /evil\.example/]) expect(res.body).not.toMatch(bad);
    expect(res.body).toContain('faktura-skabelon');
    expect(res.body).toContain('[billede blokeret]: pixel');
    expect(res.body).toMatch(/<img alt="logo" src="data:image\/png;base64,iVBOR[^"]+"/);
  });

  it('shows remote images only after "vis billeder", and then allows exactly their origin', async () => {
    const res = await get(`/mails/${mailId}/body?images=1`);
    expect(res.headers['content-security-policy']).toContain('img-src data: https://tracker.evil.example;');
    expect(res.body).toContain('src="https://tracker.evil.example/pixel.gif?u=mette"');
    expect(res.body).not.toMatch(/url\(/);
  });

  it('is embedded by the ticket page in a sandbox without scripts, with the opt-in link', async () => {
    const page = await get(`/tickets/${reference}`);
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'self'/);
    expect(page.headers['x-frame-options']).toBe('DENY');
    const frame = /<iframe[^>]*>/.exec(page.body)![0];
    expect(frame).toContain(`src="/mails/${mailId}/body"`);
    expect(frame).toContain('sandbox="allow-popups allow-popups-to-escape-sandbox"');
    expect(frame).not.toMatch(/allow-scripts|allow-same-origin/);
    expect(page.body).toContain(`?images=${mailId}#mail-${mailId}">Vis billeder</a>`);
    expect(page.body).toContain('1 eksterne billeder er blokeret');
    const withImages = await get(`/tickets/${reference}?images=${mailId}`);
    expect(withImages.body).toContain(`src="/mails/${mailId}/body?images=1"`);
  });

  it('is read from the view the pipeline stored: nothing is parsed when an agent opens the mail', async () => {
    const before = await get(`/mails/${mailId}/body`);
    const page = await get(`/tickets/${reference}`);
    // The stored bytes replaced by garbage that no parser could read: pages are unchanged.
    const [{ raw }] = await h.pipeline.db.query(`SELECT raw FROM inbound_mails WHERE id = $1`, [mailId]);
    await h.pipeline.db.query(`UPDATE inbound_mails SET raw = $2 WHERE id = $1`, [mailId, Buffer.from('not a mail at all')]);
    try {
      expect((await get(`/mails/${mailId}/body`)).body).toBe(before.body);
      expect((await get(`/tickets/${reference}`)).body.replace(/name="_csrf" value="[^"]+"/g, '')).toBe(page.body.replace(/name="_csrf" value="[^"]+"/g, ''));
      expect((await get(`/mails/${mailId}`)).statusCode).toBe(200);
    } finally {
      await h.pipeline.db.query(`UPDATE inbound_mails SET raw = $2 WHERE id = $1`, [mailId, raw]);
    }
  });

  it('needs a login', async () => {
    const res = await h.app.inject({ url: `/mails/${mailId}/body` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(`/mails/${mailId}/body`)}`);
  });
});

describe('attachments', () => {
  it('download with a safe name (RFC 5987 filename*), as octet-stream when the type could render, with nosniff', async () => {
    const api = (await get(`/api/mails/${mailId}`)).json();
    const html = api.attachments.find((a: { filename: string }) => a.filename.endsWith('.html'));
    expect(html).toMatchObject({ filename: 'Tilbud på æblekage 2026.html', contentType: 'text/html' });
    const res = await get(html.url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="Tilbud pa _blekage 2026.html"; filename*=UTF-8''Tilbud%20p%C3%A5%20%C3%A6blekage%202026.html`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(res.rawPayload.equals(ATTACHMENT)).toBe(true);
  });

  it('an image attachment keeps its type; an index that does not exist is 404', async () => {
    const png = await get(`/mails/${mailId}/attachments/0`);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['content-disposition']).toMatch(/^attachment; filename="logo\.png"/);
    expect((await get(`/mails/${mailId}/attachments/7`)).statusCode).toBe(404);
  });
});
