import type { Language } from '../domain/vocabulary';

/**
 * What the help search counts as a word (search.ts): not the words every mail has (stop words,
 * greetings, our own name), and inflections cut back to a common stem. Pure. A light suffix
 * stripper, not a full Snowball stemmer: it only has to make "fakturaen"/"fakturaer" and
 * "invoices"/"invoicing" meet, and prefix matching in the search does the rest.
 */
const DA_STOP = new Set(
  `af alle allerede alt altid andet andre at bare bedes begge blev blive bliver da de dem den denne dens der deres det dette dig din dine disse dit du efter eller en end endnu er et få fået for fordi fra få gerne god godt gør gøre had har have havde hej hele her hilsen hende hendes hun hvad hvem hver hvilke hvilken hvis hvor hvordan hvorfor hvornår i ikke ind indtil jeg jer jo kan kunne lidt lige man mange med meget men mere mig min mine mit mvh måske må nej noget nogen nogle nu når og også om op os over paa pa på så sådan selv sig sin sine sit skal skulle som stadig så tak til tilbage ud uden under var vi vil ville vores være været venlig venlige hilsner kære ok okay helt lige nok altså fx dvs osv ja nej hilsen vh jf evt kl dag dags dagen idag godmorgen goddag tusind tak mange microbizz ventu support servicedesk supporten spørgsmål spørgsmålet problem problemet hjælp hjælpe hjælper`.split(/\s+/),
);
const EN_STOP = new Set(
  `a about above after again all also am an and any are as at be been before being below best between both but by can cannot could did do does doing done down during each few for from further get got had has have having he hello her here hers hi him his how i if in into is it its just kind kindly know let like many me more most my no not now of off on once only or other our ours out over own please regards same she should so some such than thank thanks that the their theirs them then there these they this those through to too under until up very was we were what when where which while who why will with would you your yours dear team best wishes cheers ok okay also microbizz ventu support servicedesk question questions problem issue help need want trying try`.split(/\s+/),
);

export function isStopWord(lowerWord: string, language: Language): boolean {
  return (language === 'da' ? DA_STOP : EN_STOP).has(lowerWord);
}

// Longest first; a stem keeps at least three letters.
const DA_SUFFIXES = ['erne', 'ende', 'ene', 'ens', 'ers', 'ets', 'ede', 'er', 'en', 'et', 'es', 'e', 's'];
const EN_SUFFIXES = ['ations', 'ation', 'ings', 'ing', 'ies', 'ied', 'es', 'ed', 'ly', 's'];

export function stem(word: string, language: Language): string {
  const suffixes = language === 'da' ? DA_SUFFIXES : EN_SUFFIXES;
  for (const s of suffixes) {
    if (word.length - s.length >= 3 && word.endsWith(s)) {
      const base = word.slice(0, -s.length);
      return language === 'en' && (s === 'ies' || s === 'ied') ? `${base}y` : base;
    }
  }
  return word;
}
