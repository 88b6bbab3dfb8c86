import { asciiFallback, contentDisposition, downloadContentType, rfc5987 } from '../../../src/api/mail-view/content-disposition';
import { mailFrameCsp, PAGE_CSP } from '../../../src/api/mail-view/csp';
import { parseCookieHeader, serializeCookie } from '../../../src/api/auth/cookies';
import { safeNext } from '../../../src/api/auth/login';
import { isApiPath } from '../../../src/api/auth/guard';

describe('Content-Disposition for downloads (RFC 6266 / RFC 5987)', () => {
  it('carries the UTF-8 name in filename* and an ASCII fallback', () => {
    expect(contentDisposition('Tilbud på æblekage.pdf')).toBe(
      `attachment; filename="Tilbud pa _blekage.pdf"; filename*=UTF-8''Tilbud%20p%C3%A5%20%C3%A6blekage.pdf`,
    );
  });
  it('cannot be broken out of with quotes, semicolons or line breaks', () => {
    const h = contentDisposition('a";\r\nSet-Cookie: x=1; b.txt');
    expect(h).not.toMatch(/[\r\n]/);
    expect(h.split('filename=')[1]).toMatch(/^"[^"]*";/);
    expect(asciiFallback('"\\%')).toBe('___');
    expect(rfc5987("it's (1)*")).toBe('it%27s%20%281%29%2A');
  });
  it('never lets a browser render HTML or SVG attachments as such', () => {
    expect(downloadContentType('text/html')).toBe('application/octet-stream');
    expect(downloadContentType('image/svg+xml')).toBe('application/octet-stream');
    expect(downloadContentType('application/javascript')).toBe('application/octet-stream');
    expect(downloadContentType('application/pdf; name=x')).toBe('application/pdf');
    expect(downloadContentType('image/PNG')).toBe('image/png');
  });
});

describe('Content-Security-Policy', () => {
  it('lets the app pages run no script at all', () => {
    expect(PAGE_CSP).toContain("default-src 'none'");
    expect(PAGE_CSP).not.toMatch(/script-src/);
    expect(PAGE_CSP).toContain("frame-ancestors 'none'");
  });
  it('lets the mail frame load only data: images, plus the opted-in origins', () => {
    expect(mailFrameCsp([])).toContain("img-src data:;");
    expect(mailFrameCsp(['https://cdn.kunde.dk'])).toContain('img-src data: https://cdn.kunde.dk;');
    expect(mailFrameCsp(["https://x.example; script-src 'unsafe-inline'"])).toContain('img-src data:;');
    expect(mailFrameCsp([])).toMatch(/sandbox allow-popups allow-popups-to-escape-sandbox$/);
    expect(mailFrameCsp([])).toContain("style-src 'unsafe-inline'");
  });
});

describe('cookies', () => {
  it('parses the header, skipping malformed and duplicate pairs', () => {
    expect(parseCookieHeader('sd_session=abc-_1; bad; x=1=2; sd_session=other; q="v"')).toEqual({ sd_session: 'abc-_1', q: 'v' });
    expect(parseCookieHeader(undefined)).toEqual({});
  });
  it('writes HttpOnly, SameSite and Secure as asked', () => {
    expect(serializeCookie('sd_session', 'abc', { path: '/', httpOnly: true, sameSite: 'lax', secure: true, maxAge: 3600 })).toBe(
      'sd_session=abc; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Lax',
    );
    expect(() => serializeCookie('x', 'a;b', { path: '/', httpOnly: true, sameSite: 'lax', secure: false })).toThrow();
  });
});

describe('redirect after login', () => {
  it.each([
    ['/tickets/MB-000001', '/tickets/MB-000001'],
    ['/queues/error?q=a', '/queues/error?q=a'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    [undefined, '/'],
  ])('%s → %s', (input, expected) => expect(safeNext(input)).toBe(expected));
});

it('tells API paths from pages', () => {
  expect(isApiPath('/api/tickets')).toBe(true);
  expect(isApiPath('/api')).toBe(true);
  expect(isApiPath('/apix')).toBe(false);
  expect(isApiPath('/tickets/MB-000001')).toBe(false);
});
