import { convert } from 'html-to-text';
import { createTemplateRenderer, defaultTemplatesDir } from '../../../../src/tickets/replies/render';
import type { ReplyContext } from '../../../../src/tickets/replies/types';

const renderer = createTemplateRenderer(defaultTemplatesDir());

const support = (over: Partial<ReplyContext> = {}): ReplyContext => ({
  language: 'da',
  kind: 'support',
  variant: 'basis',
  ticket: { reference: 'MB-000200', subject: 'Kreditnota' },
  recipient: { name: 'Bo', address: 'bo@firma.dk' },
  senderStatus: 'registered_contact',
  company: { name: 'Firma ApS' },
  agreement: { kind: 'basis' },
  contacts: [],
  contactsCopied: false,
  topic: 'invoicing',
  ...over,
});

const ARTICLES = [
  { title: 'Opret en kreditnota på en faktura', url: 'https://help.microbizz.dk/eksempel/kreditnota' },
  { title: 'Send en faktura igen', url: 'https://help.microbizz.dk/eksempel/gensend-faktura' },
];

describe('help articles in the support reply', () => {
  it('lists each article with its title and URL, in text and HTML, in Danish', () => {
    const out = renderer.render(support({ articles: ARTICLES }));
    expect(out.text).toContain('Måske kan du allerede finde svaret i vores hjælpecenter:\n\n- Opret en kreditnota på en faktura\n  https://help.microbizz.dk/eksempel/kreditnota\n- Send en faktura igen\n  https://help.microbizz.dk/eksempel/gensend-faktura');
    expect(out.html).toContain('<a href="https://help.microbizz.dk/eksempel/kreditnota">Opret en kreditnota på en faktura</a>');
    expect(convert(out.html)).toMatch(/hjælpecenter/);
  });

  it('in English', () => {
    const out = renderer.render(support({ language: 'en', articles: [{ title: 'Create a credit note', url: 'https://help.microbizz.dk/example/credit-note' }] }));
    expect(out.text).toContain('You may already find the answer in our help centre:\n\n- Create a credit note\n  https://help.microbizz.dk/example/credit-note');
  });

  it('without articles (empty or absent), the plain acknowledgement as before', () => {
    for (const ctx of [support({ articles: [] }), support()]) {
      const out = renderer.render(ctx);
      expect(out.text).not.toMatch(/hjælpecenter|help\.microbizz/);
      expect(out.text).toContain('Tak for dit spørgsmål. Vi har registreret det med referencen MB-000200');
    }
  });

  it('escapes a title in HTML', () => {
    const out = renderer.render(support({ articles: [{ title: '<b>Fed</b> & "citat"', url: 'https://help.microbizz.dk/eksempel/x?a=1&b=2' }] }));
    expect(out.html).toContain('&lt;b&gt;Fed&lt;/b&gt; &amp; &quot;citat&quot;');
    expect(out.html).toContain('href="https://help.microbizz.dk/eksempel/x?a&#x3D;1&amp;b&#x3D;2"');
  });
});
