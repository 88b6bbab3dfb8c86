import { DEFAULT_FEATURE_CONFIG, extractFeatures, fnv1a } from '../../../src/pipeline/classify/text';
import { foldDanish, normalizeText, skeleton, stripSubjectPrefixes, tokenize } from '../../../src/domain/text';

describe('normalisation', () => {
  it('folds æøå to digraphs', () => {
    expect(foldDanish('æble øl på')).toBe('aeble oel paa');
    expect(foldDanish('ÆØÅ'.toLowerCase())).toBe('aeoeaa');
    expect(foldDanish('café über')).toBe('cafe ueber');
  });

  it('makes æøå, digraph and plain a/o spellings the same skeleton', () => {
    const forms = ['længere', 'laengere', 'langere'];
    expect(new Set(forms.map(skeleton)).size).toBe(1);
    expect(skeleton('få')).toBe(skeleton('faa'));
    expect(skeleton('få')).toBe(skeleton('fa'));
    expect(skeleton('kørsel')).toBe(skeleton('koersel'));
    expect(skeleton('kørsel')).toBe(skeleton('korsel'));
  });

  it('lower-cases and replaces urls, e-mail addresses and numbers', () => {
    expect(normalizeText('Se https://example.com/x?y=1 eller skriv til Anna@Firma.DK inden 12.10.2025'))
      .toBe('se _url_ eller skriv til _email_ inden _num_');
    expect(normalizeText('Kære Støttecenter')).toBe('kaere stoettecenter');
  });

  it('tokenises words, placeholders and question marks', () => {
    const t = tokenize('Hvorfor virker appen ikke? Ring 70235323');
    expect(t.map((x) => x.norm)).toEqual(['hvorfor', 'virker', 'appen', 'ikke', '_q_', 'ring', '_num_']);
    expect(t[2]!.raw).toBe('appen');
  });

  it('strips reply/forward prefixes from subjects', () => {
    expect(stripSubjectPrefixes('SV: RE: Fwd: Faktura')).toEqual({ subject: 'Faktura', isReply: true });
    expect(stripSubjectPrefixes('Faktura')).toEqual({ subject: 'Faktura', isReply: false });
  });
});

describe('hashed features', () => {
  it('hashes deterministically with FNV-1a', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('produces sorted, in-range buckets and the same vector for æøå-less spelling', () => {
    const cfg = DEFAULT_FEATURE_CONFIG;
    const a = extractFeatures({ subject: 'Fejl på faktura', body: 'Fakturaudskrivning virker ikke længere' }, cfg);
    const b = extractFeatures({ subject: 'Fejl pa faktura', body: 'Fakturaudskrivning virker ikke laengere' }, cfg);
    expect(Array.from(a.idx)).toEqual(Array.from(b.idx));
    for (let i = 1; i < a.idx.length; i++) expect(a.idx[i]!).toBeGreaterThan(a.idx[i - 1]!);
    expect(Math.max(...a.idx)).toBeLessThan(cfg.dim);
  });

  it('shares character n-grams between a compound and its parts', () => {
    const cfg = { ...DEFAULT_FEATURE_CONFIG, wordNgrams: 1 as const, weights: { word: 0, char: 1, subjectWord: 0, subjectChar: 0 } };
    const a = new Set(extractFeatures({ subject: '', body: 'fakturaudskrivning' }, cfg).idx);
    const b = extractFeatures({ subject: '', body: 'faktura' }, cfg).idx;
    const shared = Array.from(b).filter((x) => a.has(x)).length;
    expect(shared).toBeGreaterThanOrEqual(8);
  });

  it('keeps subject and body features apart', () => {
    const cfg = DEFAULT_FEATURE_CONFIG;
    const s = extractFeatures({ subject: 'kursus', body: '' }, cfg);
    const b = extractFeatures({ subject: '', body: 'kursus' }, cfg);
    const sb = new Set(b.idx);
    expect(Array.from(s.idx).filter((x) => sb.has(x)).length).toBeLessThanOrEqual(1);
  });

  it('gives questions of the same shape about different modules shared question-frame features', () => {
    const withFrames = { ...DEFAULT_FEATURE_CONFIG, weights: { word: 0, char: 0, subjectWord: 0, subjectChar: 0, frame: 1 } };
    const a = extractFeatures({ subject: '', body: 'Hvad bruger man timetyperne til?' }, withFrames);
    const b = extractFeatures({ subject: '', body: 'Hvad bruger man prislisterne til?' }, withFrames);
    const c = extractFeatures({ subject: '', body: 'Prislisten på opgave 4411 viser den gamle timepris.' }, withFrames);
    expect(Array.from(a.idx)).toEqual(Array.from(b.idx));
    expect(a.idx.length).toBeGreaterThan(0);
    const sa = new Set(a.idx);
    expect(Array.from(c.idx).some((x) => sa.has(x))).toBe(false);
    // Without the group's weight (models trained before it existed) there are no frame features.
    const none = extractFeatures({ subject: '', body: 'Hvad bruger man timetyperne til?' }, { ...withFrames, weights: { ...withFrames.weights, frame: 0 } });
    expect(none.idx.length).toBe(0);
  });
});
