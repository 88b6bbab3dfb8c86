import { splitNewText } from '../../../src/pipeline/parse/quotes';

const lines = (...l: string[]): string => l.join('\n');

describe('splitNewText: Outlook header blocks', () => {
  it('cuts a Danish Fra/Sendt/Til/Emne block after an underscore line', () => {
    const r = splitNewText(
      lines(
        'Hej Kasper',
        '',
        'Lønfilen er stadig tom.',
        '',
        'Venlig hilsen',
        'Pia Holm',
        '________________________________',
        'Fra: Microbizz Support <support@microbizz.dk>',
        'Sendt: 26. november 2026 16:40',
        'Til: Pia Holm <pia@holm.dk>',
        'Emne: [Sag 1] Lønfil',
        '',
        'Hej Pia',
      ),
    );
    expect(r).toEqual({
      newText: 'Hej Kasper\n\nLønfilen er stadig tom.',
      signature: 'Venlig hilsen\nPia Holm',
      quotedText: lines(
        '________________________________',
        'Fra: Microbizz Support <support@microbizz.dk>',
        'Sendt: 26. november 2026 16:40',
        'Til: Pia Holm <pia@holm.dk>',
        'Emne: [Sag 1] Lønfil',
        '',
        'Hej Pia',
      ),
    });
  });

  it('cuts an English From/Sent/To/Cc/Subject block with bold markers from HTML conversion', () => {
    const r = splitNewText(
      lines(
        'The export still fails with error 500.',
        '',
        '*From:* Microbizz Support <support@microbizz.dk>',
        '*Sent:* Thursday, 26 November 2026 16:40',
        '*To:* Mark <mark@kbg.dk>',
        '*Cc:* Lars <lars@kbg.dk>',
        '*Subject:* Export',
        '',
        'Hi Mark, please try again.',
      ),
    );
    expect(r.newText).toBe('The export still fails with error 500.');
    expect(r.quotedText.startsWith('*From:* Microbizz Support')).toBe(true);
    expect(r.quotedText).toContain('Hi Mark, please try again.');
  });

  it('accepts Dato:/Date: instead of Sendt:/Sent:', () => {
    const r = splitNewText(lines('Tak, det virker.', '', 'Fra: Support <s@x.dk>', 'Dato: fredag den 27. november 2026 kl. 09.12', 'Til: a@b.dk', 'Emne: Sv: fejl', '', 'Gammel tekst'));
    expect(r.newText).toBe('Tak, det virker.');
    expect(r.quotedText).toContain('Gammel tekst');
  });

  it('cuts at -----Oprindelig meddelelse----- and -----Original Message-----', () => {
    expect(splitNewText(lines('Ny tekst', '-----Oprindelig meddelelse-----', 'Fra: x', 'gammel')).newText).toBe('Ny tekst');
    expect(splitNewText(lines('New text', '', '-----Original Message-----', 'From: x', 'old')).newText).toBe('New text');
  });

  it('does not cut a sentence that merely starts with "Fra:"', () => {
    const text = lines('Hej', '', 'Fra: lageret i Vejle skal varerne flyttes til bil 3.', 'Til: montøren skal de ikke.', '', 'Hvordan gør vi det?');
    expect(splitNewText(text)).toEqual({ newText: text, quotedText: '', signature: '' });
  });
});

describe('splitNewText: attribution lines and > quotes', () => {
  it('handles a Gmail Danish attribution wrapped over two lines', () => {
    const r = splitNewText(
      lines(
        'Fejlen er der stadig.',
        '',
        'Den tor. 26. nov. 2026 kl. 14.05 skrev Anna Hansen <',
        'anna@x.dk>:',
        '',
        '> Prøv igen.',
        '>',
        '> Hilsen Kasper',
      ),
    );
    expect(r.newText).toBe('Fejlen er der stadig.');
    expect(r.quotedText).toBe(lines('Den tor. 26. nov. 2026 kl. 14.05 skrev Anna Hansen <', 'anna@x.dk>:', '> Prøv igen.', '>', '> Hilsen Kasper'));
  });

  it.each([
    'Den 26.11.2026 kl. 14:05 skrev Anna Hansen <anna@x.dk>:',
    'Den 26. nov. 2026 kl. 14.05 skrev Microbizz Support <support@microbizz.dk>:',
    'On Thu, 26 Nov 2026 at 14:05, Anna <a@x.dk> wrote:',
    'Anna Hansen skrev den 26-11-2026 14:05:',
    '<anna@x.dk> wrote:',
  ])('treats "%s" as the start of history even without > lines', (attribution) => {
    const r = splitNewText(lines('Det virker nu.', '', attribution, 'Gammel tekst uden citattegn', 'mere gammel tekst'));
    expect(r.newText).toBe('Det virker nu.');
    expect(r.quotedText).toBe(lines(attribution, 'Gammel tekst uden citattegn', 'mere gammel tekst'));
  });

  it('does not treat a sentence about an earlier mail as an attribution', () => {
    const text = lines('Den 3. oktober 2025 skrev jeg til jer om fejlen:', 'Fakturaerne bliver ikke overført.', 'Det gør de stadig ikke.');
    expect(splitNewText(text).newText).toBe(text);
  });

  it('keeps inline answers between quoted lines (bottom-posting)', () => {
    const r = splitNewText(
      lines(
        'On Thu, 26 Nov 2026 at 14:05, Support <support@microbizz.dk> wrote:',
        '> Which app version do you use?',
        '',
        'Version 5.2.1 on Android 14.',
        '',
        '> Does it happen on all phones?',
        '',
        'Only on the Samsung phones.',
        '',
        'Regards',
        'Tomasz',
      ),
    );
    expect(r.newText).toBe('Version 5.2.1 on Android 14.\n\nOnly on the Samsung phones.');
    expect(r.quotedText).toBe(lines('On Thu, 26 Nov 2026 at 14:05, Support <support@microbizz.dk> wrote:', '> Which app version do you use?', '> Does it happen on all phones?'));
    expect(r.signature).toBe('Regards\nTomasz');
  });

  it('returns an empty newText for a reply that only quotes', () => {
    const r = splitNewText(lines('Den 26.11.2026 kl. 14:05 skrev Support <s@x.dk>:', '> Hej', '> Tak'));
    expect(r.newText).toBe('');
    expect(r.quotedText).toBe(lines('Den 26.11.2026 kl. 14:05 skrev Support <s@x.dk>:', '> Hej', '> Tak'));
  });
});

describe('splitNewText: forwards', () => {
  it('keeps the forwarder text above a forwarded block', () => {
    const r = splitNewText(lines('Se nedenstående fejl fra vores montør.', '', '---------- Forwarded message ---------', 'From: Lars <l@x.dk>', 'Subject: fejl', '', 'Appen crasher.'));
    expect(r.newText).toBe('Se nedenstående fejl fra vores montør.');
    expect(r.quotedText).toContain('Appen crasher.');
  });

  it.each(['---------- Videresendt meddelelse ----------', 'Begin forwarded message:', 'Start på videresendt besked:'])(
    'uses the forwarded body as newText when "%s" has no own text above it',
    (marker) => {
      const r = splitNewText(
        lines(marker, '', 'Fra: Lars Berg <lars@berg-tag.dk>', 'Dato: 26. november 2026 kl. 16.02', 'Emne: Fejl i appen', 'Til: kontor@berg-tag.dk', '', 'Appen lukker ned ved foto.', '', 'Mvh Lars'),
      );
      expect(r.newText).toBe('Appen lukker ned ved foto.');
      expect(r.signature).toBe('Mvh Lars');
      expect(r.quotedText).toBe(lines(marker, '', 'Fra: Lars Berg <lars@berg-tag.dk>', 'Dato: 26. november 2026 kl. 16.02', 'Emne: Fejl i appen', 'Til: kontor@berg-tag.dk'));
    },
  );

  it('takes the forwarded message own text, not its quoted history, for a bare Outlook forward', () => {
    const r = splitNewText(
      lines(
        '________________________________',
        'Fra: Kunde <k@kunde.dk>',
        'Sendt: 26. november 2026 10:00',
        'Til: Kontoret <kontor@firma.dk>',
        'Emne: Faktura mangler',
        '',
        'Vi har ikke modtaget faktura 1234.',
        '',
        'Den 20.11.2026 kl. 09:00 skrev Kontoret <kontor@firma.dk>:',
        '> Fakturaen er sendt.',
      ),
    );
    expect(r.newText).toBe('Vi har ikke modtaget faktura 1234.');
    expect(r.quotedText).toContain('> Fakturaen er sendt.');
  });
});

describe('splitNewText: signatures', () => {
  it.each([
    ['Med venlig hilsen', 'Med venlig hilsen\nKarin Dalgaard\nBogholder'],
    ['Venlig hilsen', 'Venlig hilsen\nKarin Dalgaard\nBogholder'],
    ['Mvh', 'Mvh\nKarin Dalgaard\nBogholder'],
    ['MVH', 'MVH\nKarin Dalgaard\nBogholder'],
    ['Vh', 'Vh\nKarin Dalgaard\nBogholder'],
    ['Best regards', 'Best regards\nKarin Dalgaard\nBogholder'],
    ['Kind regards,', 'Kind regards,\nKarin Dalgaard\nBogholder'],
  ])('cuts at the closing "%s"', (closing, signature) => {
    const r = splitNewText(lines('Lønfilen er tom.', '', closing, 'Karin Dalgaard', 'Bogholder'));
    expect(r).toEqual({ newText: 'Lønfilen er tom.', quotedText: '', signature });
  });

  it.each(['mvh Bjarne', 'Hilsen Anders', 'Kh Dorthe', '/Nikolaj', 'mvh rasmus', 'Kind regards / Z poważaniem'])('recognises the one-line closing "%s"', (closing) => {
    expect(splitNewText(lines('Appen virker ikke.', '', closing)).newText).toBe('Appen virker ikke.');
  });

  it('keeps a "Hilsen til …" sentence in the middle of a mail as content', () => {
    const text = lines('Hej', '', 'Hilsen til Peter, han sagde at fejlen kom igen i går.', 'Den kommer når vi afslutter en opgave.', '', 'Kan I se på det?');
    expect(splitNewText(text)).toEqual({ newText: text, quotedText: '', signature: '' });
  });

  it('keeps a closing whose "block" continues with a question', () => {
    const text = lines('Fakturaerne er tomme.', '', 'Venlig hilsen', 'Tina', '', 'PS: Kan I også se på kreditnotaerne?');
    expect(splitNewText(text).newText).toBe(text);
  });

  it('cuts "Tak" / "Thanks," only when a short name block follows', () => {
    expect(splitNewText(lines('Kan I ringe til mig?', '', 'Thanks,', 'Oliver')).newText).toBe('Kan I ringe til mig?');
    expect(splitNewText(lines('Tak, det virker nu.')).newText).toBe('Tak, det virker nu.');
    expect(splitNewText(lines('Det virker nu.', '', 'Tak for hjælpen, I er hurtige.')).newText).toBe('Det virker nu.\n\nTak for hjælpen, I er hurtige.');
  });

  it('keeps the thanks when it is the whole message', () => {
    const r = splitNewText(lines('Mange tak', 'Anna'));
    expect(r.newText).toBe('Mange tak');
    expect(r.signature).toBe('Anna');
  });

  it('cuts at the RFC 3676 "-- " delimiter', () => {
    const r = splitNewText(lines('Hvordan opretter jeg et lager?', '', '-- ', 'Brdr. Thygesen ApS', 'Skivevej 212'));
    expect(r.newText).toBe('Hvordan opretter jeg et lager?');
    expect(r.signature).toBe('--\nBrdr. Thygesen ApS\nSkivevej 212');
  });

  it.each(['Sendt fra min iPhone', 'Sent from my iPhone', 'Hent Outlook til iOS', 'Get Outlook for Android'])('cuts the mobile footer "%s"', (footer) => {
    const r = splitNewText(lines('Alt er nede hos os!!', '', footer));
    expect(r).toEqual({ newText: 'Alt er nede hos os!!', quotedText: '', signature: footer });
  });

  it('cuts Danish and English confidentiality disclaimers', () => {
    const r = splitNewText(
      lines(
        'Kan I lave en rapport over timer pr. afdeling?',
        '',
        'Venlig hilsen',
        'Jonas',
        '',
        'Denne e-mail kan indeholde fortrolige oplysninger og er kun beregnet for modtageren.',
        'This e-mail may contain confidential information intended solely for the addressee.',
      ),
    );
    expect(r.newText).toBe('Kan I lave en rapport over timer pr. afdeling?');
    expect(r.signature.endsWith('intended solely for the addressee.')).toBe(true);
  });

  it('cuts a trailing contact block (name, company, phone) without a closing', () => {
    const r = splitNewText(lines('Tilbud kan ikke åbnes.', '', 'Carsten Winkel', 'Fjordbyens Låseservice ApS', 'Tlf. 75 82 30 30'));
    expect(r.newText).toBe('Tilbud kan ikke åbnes.');
    expect(r.signature).toBe('Carsten Winkel\nFjordbyens Låseservice ApS\nTlf. 75 82 30 30');
  });

  it('never throws and normalises CRLF and NUL', () => {
    expect(splitNewText('')).toEqual({ newText: '', quotedText: '', signature: '' });
    expect(splitNewText('Hej\r\nfejl\u0000 i appen\r\n').newText).toBe('Hej\nfejl i appen');
  });
});
