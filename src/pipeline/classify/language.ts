/**
 * Danish/English detection from stop-word and character evidence.
 *
 * Scores: each Danish or English function word counts 1 (words that are common in both
 * languages, like "i", "is", "for", "under", are left out); each of æ, ø, å counts 1.5
 * for Danish (capped), since English text never has them. The language with the higher score
 * wins. Very short or evidence-free text falls back to Danish when it has any Danish marker
 * (æøå, a Danish greeting/word), else English. Works on the æøå-less skeleton forms, so
 * "pa", "faa", "kaere" count as well.
 */
import type { Language } from '../../domain/vocabulary';
import { skeleton, tokenize } from '../../domain/text';

// Skeleton forms (see text.ts: æ/ae→a, ø/oe→o, å/aa→a).
const DA_WORDS = new Set(
  [
    'og', 'ikke', 'jeg', 'vi', 'det', 'der', 'er', 'har', 'til', 'med', 'på', 'af', 'at', 'en',
    'et', 'den', 'de', 'som', 'kan', 'vil', 'skal', 'må', 'får', 'fået', 'være', 'været', 'blev',
    'bliver', 'hvad', 'hvordan', 'hvorfor', 'hvor', 'hvis', 'når', 'også', 'men', 'eller', 'jer',
    'os', 'vores', 'jeres', 'mig', 'min', 'mit', 'mine', 'han', 'hun', 'hej', 'tak', 'venlig',
    'hilsen', 'mvh', 'kære', 'godt', 'gerne', 'lige', 'nu', 'efter', 'fra', 'hos', 'ud', 'op',
    'noget', 'nogen', 'alle', 'ingen', 'mere', 'meget', 'bare', 'kun', 'allerede', 'stadig',
    'igen', 'sidste', 'dag', 'uge', 'siden', 'virker', 'fejl', 'opgave', 'opgaver', 'bruger',
    'brugere', 'venligst', 'hjælp', 'spørgsmål', 'ønsker', 'gerne', 'vedr', 'vedrørende', 'fordi',
    'kunne', 'ville', 'skulle', 'havde', 'var', 'hvilken', 'hvilke', 'denne', 'dette', 'disse',
    'sådan', 'altså', 'hilsner', 'dem', 'sig', 'selv', 'bedste', 'også', 'ved', 'om', 'sammen',
  ].map(skeleton),
);

const EN_WORDS = new Set(
  [
    'the', 'and', 'is', 'are', 'was', 'were', 'we', 'you', 'your', 'our', 'not', 'have', 'has',
    'had', 'been', 'please', 'thanks', 'thank', 'regards', 'hi', 'hello', 'dear', 'this', 'that',
    'these', 'those', 'with', 'from', 'of', 'to', 'it', 'its', 'can', 'could', 'would', 'should',
    'will', 'what', 'how', 'why', 'when', 'where', 'which', 'who', 'there', 'they', 'them',
    'their', 'my', 'me', 'us', 'do', 'does', 'did', "don't", "doesn't", "can't", "isn't", 'no',
    'yes', 'any', 'some', 'all', 'just', 'still', 'again', 'since', 'after', 'before', 'about',
    'work', 'working', 'works', 'error', 'issue', 'problem', 'help', 'need', 'want', 'like',
    'best', 'kind', 'sincerely', 'cheers', 'be', 'an', 'a', 'on', 'at', 'by', 'if', 'or', 'but',
    'get', 'got', 'into', 'out', 'up', 'then', 'than', 'also', 'know', 'unable', 'cannot',
  ].map(skeleton),
);

/** Words that alone make a short text Danish. */
const DA_MARKERS = new Set(['hej', 'tak', 'mvh', 'venlig', 'hilsen', 'kære', 'ikke', 'og', 'jeg', 'vi'].map(skeleton));

export interface LanguageEvidence {
  language: Language;
  da: number;
  en: number;
}

export function detectLanguageDetailed(text: string): LanguageEvidence {
  const tokens = tokenize(text, 600);
  let da = 0;
  let en = 0;
  let daMarker = false;
  for (const t of tokens) {
    if (t.kind !== 'word') continue;
    const w = t.norm;
    const isDa = DA_WORDS.has(w);
    const isEn = EN_WORDS.has(w);
    // A word in both lists ("an", "at", "hun"...) counts for neither.
    if (isDa && !isEn) da++;
    else if (isEn && !isDa) en++;
    if (DA_MARKERS.has(w)) daMarker = true;
  }
  const special = (text.match(/[æøåÆØÅ]/g) ?? []).length;
  if (special > 0) daMarker = true;
  da += Math.min(special, 12) * 1.5;
  let language: Language;
  if (da === en) language = daMarker ? 'da' : 'en';
  else language = da > en ? 'da' : 'en';
  return { language, da, en };
}

/** da or en for a mail; the body decides, the subject only helps when the body is thin. */
export function detectLanguage(subject: string, body: string): Language {
  const b = detectLanguageDetailed(body);
  if (b.da + b.en >= 4) return b.language;
  const all = detectLanguageDetailed(`${subject}\n${body}`);
  return all.language;
}
