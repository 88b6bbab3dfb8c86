import { cspOrigin, mailDocument, sanitizeMailHtml } from '../../../src/pipeline/view/safe-html';

const clean = (html: string, allowRemoteImages = false) => sanitizeMailHtml(html, { allowRemoteImages }).html;

describe('sanitizeMailHtml: nothing in customer HTML can run or load', () => {
  it.each([
    ['script element', '<p>hej</p><script>window.pwned=1</script>', /script|pwned/i],
    ['event handler', '<img src="data:image/png;base64,iVBORw0KGgo=" onerror="window.pwned=1"><p onclick="x()">a</p>', /onerror|onclick|pwned/i],
    ['javascript: link', '<a href="javascript:window.pwned=1">klik</a>', /javascript:/i],
    ['javascript: link with entities', '<a href="jav&#x09;ascript:alert(1)">klik</a>', /ascript|alert/i],
    ['svg onload', '<svg onload="window.pwned=1"><circle r="4"/></svg>', /svg|onload|pwned/i],
    ['CSS expression()', '<div style="width: expression(window.pwned=1); color: red">x</div>', /expression|pwned/i],
    ['CSS url()', '<div style="background-image: url(https://tracker.example/p.gif)">x</div>', /url\(|tracker/i],
    ['style element', '<style>body{background:url(https://t.example/x)}</style><p>x</p>', /<style|t\.example/i],
    ['iframe', '<iframe src="https://evil.example/"></iframe>', /iframe|evil/i],
    ['form', '<form action="https://evil.example/"><input name="p"></form>', /<form|<input|evil/i],
    ['meta refresh and base', '<meta http-equiv="refresh" content="0;url=https://evil.example"><base href="https://evil.example/">', /meta|base|evil/i],
    ['svg data uri image', '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">', /svg\+xml/i],
    ['object/embed', '<object data="x.swf"></object><embed src="x.swf">', /object|embed|swf/i],
  ])('removes %s', (_name, input, forbidden) => {
    expect(clean(input)).not.toMatch(forbidden);
  });

  it('keeps the readable content and safe formatting', () => {
    const out = clean('<h2>Fejl</h2><p style="color: #c00; font-weight: bold">Appen <b>lukker</b> ned</p><table><tr><td colspan="2">x</td></tr></table>');
    expect(out).toContain('<h2>Fejl</h2>');
    expect(out).toContain('color:#c00');
    expect(out).toContain('<b>lukker</b>');
    expect(out).toContain('colspan="2"');
  });

  it('opens links outside the frame without a referrer', () => {
    expect(clean('<a href="https://microbizz.dk/hjaelp">hjælp</a>')).toBe('<a href="https://microbizz.dk/hjaelp" target="_blank" rel="noopener noreferrer">hjælp</a>');
  });

  it('blocks remote images until the agent opts in, then names their origins for the CSP', () => {
    const html = '<img src="https://cdn.kunde.dk/logo.png" alt="logo"><img src="http://pixel.example:8080/t.gif">';
    const blocked = sanitizeMailHtml(html, { allowRemoteImages: false });
    expect(blocked.html).not.toMatch(/cdn\.kunde\.dk|pixel\.example/);
    expect(blocked.html).toContain('[billede blokeret]: logo');
    expect(blocked.remoteImages).toBe(2);
    expect(blocked.remoteOrigins).toEqual([]);
    const shown = sanitizeMailHtml(html, { allowRemoteImages: true });
    expect(shown.html).toContain('src="https://cdn.kunde.dk/logo.png"');
    expect(shown.remoteOrigins).toEqual(['http://pixel.example:8080', 'https://cdn.kunde.dk']);
  });

  it('shows inline (cid:) images from the same mail as data: URIs, and only raster ones', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const out = sanitizeMailHtml('<img src="cid:logo@kunde"><img src="cid:other">', { allowRemoteImages: false, inlineImages: { 'logo@kunde': png, other: 'data:text/html;base64,PHNjcmlwdD4=' } });
    expect(out.html).toContain(`src="${png}"`);
    expect(out.html).not.toContain('text/html');
    expect(out.html).toContain('[indlejret billede mangler]');
  });

  it('accepts only plain http(s) origins for the CSP', () => {
    expect(cspOrigin('https://cdn.kunde.dk/a.png')).toBe('https://cdn.kunde.dk');
    expect(cspOrigin("https://a.example'; script-src *")).toBeNull();
    expect(cspOrigin('https://user:pw@a.example/x')).toBeNull();
    expect(cspOrigin('ftp://a.example/x')).toBeNull();
    expect(cspOrigin('not a url')).toBeNull();
  });

  it('wraps plain text in an escaped <pre>', () => {
    const doc = mailDocument({ text: '<script>alert(1)</script> & "x"' });
    expect(doc).toContain('<pre>&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;x&#34;</pre>');
    expect(doc).not.toContain('<script>');
  });
});
