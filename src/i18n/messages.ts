import { isReason, type ReasonCode, type ReasonLike, type ReasonParams } from '../domain/reasons';

/**
 * The message catalogue: reasons and warnings shown to staff, in Danish (the desk's language,
 * the default) and English (for a user who chose it on the account page). Pure.
 *
 * English texts of the reasons are the sentences the pipeline wrote before reasons had codes,
 * word for word: they are also what goes into outbox.reason and `servicedesk tickets --json`,
 * which scripts and logs read.
 */
export const LANGUAGES = ['da', 'en'] as const;
export type UiLanguage = (typeof LANGUAGES)[number];
export const isUiLanguage = (v: unknown): v is UiLanguage => v === 'da' || v === 'en';

type Render = (p: ReasonParams) => string;
const s = (p: ReasonParams, k: string): string => (p[k] === undefined ? '' : String(p[k]));
const n = (p: ReasonParams, k: string): number => Number(p[k] ?? 0);

/** Why an answer to a course offer was unclear (course-choice.ts), in words. */
const UNCLEAR_WHY: Record<string, Record<'da' | 'en', string>> = {
  none: { da: 'intet nummer', en: 'no number' },
  ambiguous: { da: 'flere muligheder', en: 'more than one option' },
  out_of_range: { da: 'et nummer der ikke blev tilbudt', en: 'a number that was not offered' },
  unknown_date: { da: 'en dato der ikke blev tilbudt', en: 'a date that was not offered' },
};
const unclearWhy = (p: ReasonParams, lang: 'da' | 'en'): string => UNCLEAR_WHY[s(p, 'why')]?.[lang] ?? s(p, 'why');
const pct = (v: number): string => `${Math.round(v * 100)} %`;

const VIA: Record<string, Record<UiLanguage, string>> = {
  'subject-reference': { da: 'sagsreferencen i emnet', en: 'subject-reference' },
  'in-reply-to': { da: 'In-Reply-To', en: 'in-reply-to' },
  references: { da: 'References', en: 'references' },
};
const via = (p: ReasonParams, lang: UiLanguage) => VIA[s(p, 'via')]?.[lang] ?? s(p, 'via');

/** The loop signals of the reply budget (src/domain/reply-budget.ts), per language. */
const LOOP_SIGNALS: Record<string, Record<UiLanguage, (count: number) => string>> = {
  not_contact: { da: () => 'afsenderen er ikke registreret supportkontakt', en: () => 'sender is not a registered support contact' },
  unauthenticated: { da: () => 'afsenderen er ikke bekræftet', en: () => 'From not authenticated' },
  automatic: { da: () => 'tegn på automatisk mail', en: () => 'automatic-mail markers' },
  answers_our_reply: { da: () => 'svarer på et af vores egne svar', en: () => 'answers one of our own replies' },
  near_duplicates: {
    da: (c) => `samme tekst som ${c} tidligere mail${c > 1 ? 's' : ''} fra adressen i dag`,
    en: (c) => `same text as ${c} earlier mail${c > 1 ? 's' : ''} from this address today`,
  },
};
export function loopSignalText(signal: string, lang: UiLanguage): string {
  const [key, count] = signal.split(':');
  return LOOP_SIGNALS[key!]?.[lang](Number(count ?? 0)) ?? signal;
}
/** ", contact budget)" or ", loop budget); loop-like: …" — or ")" for reasons stored before budgets had names. */
function budgetTail(p: ReasonParams, lang: UiLanguage): string {
  const budget = s(p, 'budget');
  if (!budget) return ')';
  const name = lang === 'da' ? (budget === 'loop' ? 'løkkebudget' : 'kontaktbudget') : `${budget} budget`;
  const signals = s(p, 'signals').split(',').filter(Boolean).map((x) => loopSignalText(x, lang));
  return `, ${name})${signals.length ? `${lang === 'da' ? '; ligner en løkke: ' : '; loop-like: '}${signals.join(', ')}` : ''}`;
}

export const REASONS: Record<ReasonCode, Record<UiLanguage, Render>> = {
  'sender.forged': {
    da: () => 'DMARC fejlede på vores modtageserver: afsenderadressen kan ikke bekræftes',
    en: () => 'DMARC failed at our receiving server: the From address is not trusted',
  },
  'sender.registered_contact': {
    da: (p) => `${s(p, 'address')} er registreret supportkontakt hos ${s(p, 'company')}`,
    en: (p) => `${s(p, 'address')} is a registered support contact of ${s(p, 'company')}`,
  },
  'sender.public_domain': {
    da: (p) => `${s(p, 'domain')} er et offentligt maildomæne: det peger ikke på nogen virksomhed`,
    en: (p) => `${s(p, 'domain')} is a public mail domain: it identifies no company`,
  },
  'sender.colleague': {
    da: (p) => `${s(p, 'domain')} tilhører ${s(p, 'company')}, men ${s(p, 'address')} er ikke registreret supportkontakt`,
    en: (p) => `${s(p, 'domain')} belongs to ${s(p, 'company')}, but ${s(p, 'address')} is not a registered support contact`,
  },
  'sender.ambiguous_domain': {
    da: (p) => `${s(p, 'domain')} er registreret hos ${n(p, 'count')} virksomheder: tvetydigt`,
    en: (p) => `${s(p, 'domain')} is registered for ${n(p, 'count')} companies: ambiguous`,
  },
  'sender.unknown_domain': {
    da: (p) => `ingen kunde bruger domænet ${s(p, 'domain') || '(intet)'}`,
    en: (p) => `no customer uses the domain ${s(p, 'domain') || '(none)'}`,
  },
  'sender.unverified': {
    da: () => 'afsenderen kunne ikke bekræftes: behandlet som ukendt afsender',
    en: () => 'the From address could not be verified: treated as an unknown sender',
  },
  'sender.unverified_contact': {
    da: (p) => `${s(p, 'address')} er registreret supportkontakt hos ${s(p, 'company')}, men det er ikke bekræftet for denne mail`,
    en: (p) => `${s(p, 'address')} is registered as a support contact of ${s(p, 'company')}, but that is not confirmed for this mail`,
  },
  'trust.several_from_headers': {
    da: (p) => `mailen har ${n(p, 'count')} From-felter: afsenderen kan ikke bekræftes som én person`,
    en: (p) => `${n(p, 'count')} From headers: the sender cannot be verified as one person`,
  },
  'trust.several_authors': {
    da: (p) => `mailen har ${n(p, 'count')} afsenderadresser i From: afsenderen kan ikke bekræftes som én person`,
    en: (p) => `${n(p, 'count')} From addresses: the sender cannot be verified as one person`,
  },
  'trust.not_configured': {
    da: () => 'afsenderkontrol er slået fra (TRUSTED_AUTHSERV_IDS er ikke sat)',
    en: () => 'sender verification is off (TRUSTED_AUTHSERV_IDS is not set)',
  },
  'trust.no_results': {
    da: () => 'ingen Authentication-Results fra vores modtageserver',
    en: () => 'no Authentication-Results from our receiving server',
  },
  'trust.other_domain': {
    da: (p) => `DMARC-resultatet gælder ${s(p, 'result')}, ikke afsenderens domæne ${s(p, 'domain')}`,
    en: (p) => `the DMARC result is for ${s(p, 'result')}, not for the sender's domain ${s(p, 'domain')}`,
  },
  'trust.dmarc_fail': {
    da: (p) => `DMARC fejlede for ${s(p, 'domain')}`,
    en: (p) => `DMARC failed for ${s(p, 'domain')}`,
  },
  'trust.dmarc_pass': {
    da: (p) => `DMARC bestået for ${s(p, 'domain')}`,
    en: (p) => `DMARC passed for ${s(p, 'domain')}`,
  },
  'trust.no_domain': {
    da: () => 'DMARC-resultatet nævner intet domæne (header.from)',
    en: () => 'the DMARC result names no domain (header.from)',
  },
  'trust.dkim_aligned': {
    da: (p) => `ingen DMARC-politik; en DKIM-signatur fra ${s(p, 'domain')} er gyldig`,
    en: (p) => `no DMARC policy; a DKIM signature of ${s(p, 'domain')} passed`,
  },
  'trust.spf_aligned': {
    da: (p) => `ingen DMARC-politik; SPF bestået for ${s(p, 'domain')}`,
    en: (p) => `no DMARC policy; SPF passed for ${s(p, 'domain')}`,
  },
  'trust.not_aligned': {
    da: (p) => `DMARC ${s(p, 'dmarc')} og ingen DKIM- eller SPF-godkendelse for ${s(p, 'domain')}`,
    en: (p) => `DMARC ${s(p, 'dmarc')} and no aligned DKIM or SPF pass for ${s(p, 'domain')}`,
  },
  'policy.no_agreement': {
    da: (p) => `ingen aftale gælder i dag: behandles som ${s(p, 'fallback') === 'basis' ? 'Basis' : s(p, 'fallback')}`,
    en: (p) => `no agreement valid today: treated as ${s(p, 'fallback')}`,
  },
  'policy.low_confidence': {
    da: (p) => `sikkerheden ${pct(n(p, 'confidence'))} er under ${pct(n(p, 'threshold'))}: kræver vurdering`,
    en: (p) => `confidence ${n(p, 'confidence').toFixed(2)} below ${n(p, 'threshold')}: needs triage`,
  },
  'policy.forged': {
    da: () => 'DMARC fejlede: intet svar til en muligvis forfalsket afsender',
    en: () => 'DMARC failed: no reply to a forged sender',
  },
  'policy.follow_up': {
    da: () => 'opfølgning på en eksisterende sag: ingen ny kvittering',
    en: () => 'follow-up on an existing ticket: no new acknowledgement',
  },
  'policy.stranger_suspect': {
    da: (p) =>
      `ukendt afsender, og mailen ligner salg, automatisk eller svigagtig mail (p(støj) ${n(p, 'pNoise').toFixed(2)}, støjord ${n(p, 'textScore')}${s(p, 'phrases') ? `: ${s(p, 'phrases')}` : ''}): intet automatisk svar`,
    en: (p) =>
      `unknown sender and the mail looks like sales, automatic or fraudulent mail (p(noise) ${n(p, 'pNoise').toFixed(2)}, noise wording ${n(p, 'textScore')}${s(p, 'phrases') ? `: ${s(p, 'phrases')}` : ''}): no automatic reply`,
  },
  'policy.stranger_uncertain': {
    da: (p) => `ukendt afsender og en usikker klassifikation (sikkerhed ${pct(n(p, 'confidence'))} under ${pct(n(p, 'threshold'))}): intet automatisk svar`,
    en: (p) => `unknown sender and an uncertain classification (confidence ${n(p, 'confidence').toFixed(2)} below ${n(p, 'threshold')}): no automatic reply`,
  },
  'policy.kept_for_customer': {
    da: () => 'teksten blev vurderet som støj, men afsenderen er en kunde: kræver vurdering',
    en: () => 'judged noise by its text, but the sender is a customer: needs triage',
  },
  'reply.automatic': {
    da: (p) => `automatisk mail besvares aldrig (${s(p, 'evidence')})`,
    en: (p) => `automatic mail is never answered (${s(p, 'evidence')})`,
  },
  'reply.several_authors': {
    da: () => 'flere afsenderadresser i From: intet automatisk svar (hvem af dem skulle det gå til?)',
    en: () => 'several From addresses: no automatic reply (which of them would it go to?)',
  },
  'reply.rescued': {
    da: (p) => `reddet fra Filtreret af ${s(p, 'actor')}: intet automatisk svar`,
    en: (p) => `rescued from the filtered mail by ${s(p, 'actor')}: no automatic reply`,
  },
  'reply.budget_hour': {
    da: (p) => `svarbudget: ${n(p, 'count')} automatiske svar til ${s(p, 'address')} den seneste time (grænse ${n(p, 'limit')}${budgetTail(p, 'da')}`,
    en: (p) => `budget: ${n(p, 'count')} automatic replies to ${s(p, 'address')} in the last hour (limit ${n(p, 'limit')}${budgetTail(p, 'en')}`,
  },
  'reply.budget_day': {
    da: (p) => `svarbudget: ${n(p, 'count')} automatiske svar til ${s(p, 'address')} det seneste døgn (grænse ${n(p, 'limit')}${budgetTail(p, 'da')}`,
    en: (p) => `budget: ${n(p, 'count')} automatic replies to ${s(p, 'address')} in the last day (limit ${n(p, 'limit')}${budgetTail(p, 'en')}`,
  },
  'thread.none': {
    da: () => 'ingen sagsreference eller kendt Message-ID: ny sag',
    en: () => 'no ticket reference or known Message-ID',
  },
  'thread.forged': {
    da: () => 'DMARC fejlede: en muligvis forfalsket afsender føjes aldrig til en eksisterende sag',
    en: () => 'DMARC failed: a forged sender never joins an existing ticket',
  },
  'thread.unverified': {
    da: () => 'afsenderen kunne ikke bekræftes: tilknyttes aldrig en eksisterende sag',
    en: () => 'the sender could not be verified: never joins an existing ticket',
  },
  'thread.not_participant': {
    da: (p) => `afsenderen er hverken deltager i eller fra virksomheden bag sag ${s(p, 'ticket')}: ny sag`,
    en: (p) => `sender is neither a participant nor of the company of ticket ${s(p, 'ticket')}`,
  },
  'thread.joins': {
    da: (p) => `føjet til sagen via ${via(p, 'da')}`,
    en: (p) => `joins via ${via(p, 'en')}`,
  },
  'thread.reopens': {
    da: (p) => `genåbner den lukkede sag (via ${via(p, 'da')})`,
    en: (p) => `reopens the closed ticket (via ${via(p, 'en')})`,
  },
  'thread.closed_too_long': {
    da: (p) => `sagen blev lukket for ${n(p, 'days')} dage siden (mere end ${n(p, 'limit')}): ny, sammenkædet sag`,
    en: (p) => `the ticket was closed ${n(p, 'days')} days ago (more than ${n(p, 'limit')}): new linked ticket`,
  },
  'rescue.by': {
    da: (p) => `Reddet fra Filtreret af ${s(p, 'actor')}; kategori valgt af agenten.`,
    en: (p) => `Rescued from the filtered mail by ${s(p, 'actor')}; category chosen by the agent.`,
  },
  'rescue.filtered_because': {
    da: (p) => `Filtreret fordi: ${s(p, 'why') || 'ukendt'}`,
    en: (p) => `Filtered because: ${s(p, 'why') || 'unknown'}`,
  },
  'mail.oversize': {
    da: (p) => `Mailen var for stor til automatisk behandling (${n(p, 'size')} bytes; grænsen er ${n(p, 'limit')}). Den ligger i karantæne; hæv grænsen og genbehandl den for at læse den.`,
    en: (p) => `The mail was too large to process automatically (${n(p, 'size')} bytes; the limit is ${n(p, 'limit')}). It is quarantined; raise the limit and replay it to read it.`,
  },
  'course.booked': {
    da: (p) => `Kunden valgte mulighed ${n(p, 'option')} i kursustilbuddet: booket på ${s(p, 'course')} ${s(p, 'when')}.`,
    en: (p) => `The customer chose option ${n(p, 'option')} of the course offer: booked on ${s(p, 'course')} ${s(p, 'when')}.`,
  },
  'course.full': {
    da: (p) => `Kunden valgte mulighed ${n(p, 'option')} i kursustilbuddet, men datoen (${s(p, 'when')}) er fuldt booket: kræver vurdering.`,
    en: (p) => `The customer chose option ${n(p, 'option')} of the course offer, but the date (${s(p, 'when')}) is fully booked: needs triage.`,
  },
  'course.unclear': {
    da: (p) => `Svaret på kursustilbuddet kunne ikke læses som ét af de tilbudte numre (${unclearWhy(p, 'da')}): kræver vurdering.`,
    en: (p) => `The answer to the course offer could not be read as one of the offered numbers (${unclearWhy(p, 'en')}): needs triage.`,
  },
  'course.already_booked': {
    da: () => 'Samme valg er allerede booket på sagen: intet nyt.',
    en: () => 'The same choice is already booked on this ticket: nothing new.',
  },
  'course.not_an_answer': {
    da: () => 'Svar i en sag med et kursustilbud, men uden valg af dato: en kollega læser det (intet automatisk svar).',
    en: () => 'A reply in a ticket with a course offer, but no date chosen: a colleague reads it (no automatic reply).',
  },
};

/**
 * A stored reason in words. Free text is shown as it was written; a code this version does not
 * know (a row from a newer version) shows its `text` parameter, or the code itself.
 */
export function renderReason(r: ReasonLike | null | undefined, lang: UiLanguage = 'da'): string {
  if (r === null || r === undefined) return '';
  if (typeof r === 'string') return r;
  if (!isReason(r)) return String(r);
  const entry = (REASONS as Record<string, Record<UiLanguage, Render>>)[r.code];
  const params = r.params ?? {};
  if (!entry) return typeof params.text === 'string' ? params.text : r.code;
  return entry[lang](params);
}

/** Text stored where a sentence is expected (outbox.reason, the CLI's JSON): the English words. */
export const reasonText = (r: ReasonLike): string => renderReason(r, 'en');

/** Fixed texts of the workspace that staff read as warnings and hints, per language. */
type UiParams = Record<string, string>;
export const UI_TEXTS = {
  forgedSender: {
    da: () => 'Afsenderen kunne ikke bekræftes (DMARC fejlede) — muligvis forfalsket. Intet automatisk svar er sendt.',
    en: () => 'The sender could not be verified (DMARC failed) — possibly forged. No automatic reply has been sent.',
  },
  forgedLink: {
    da: () => 'Afsenderen kunne ikke bekræftes (DMARC fejlede) — muligvis forfalsket. Knyt kun adressen til en kunde, når du har bekræftet henvendelsen ad anden vej (fx telefon).',
    en: () => 'The sender could not be verified (DMARC failed) — possibly forged. Only link the address to a customer once you have confirmed the request another way (e.g. by phone).',
  },
  unverifiedSender: {
    da: () => 'Afsenderen kunne ikke bekræftes (flere afsenderadresser, eller ingen bekræftelse af afsenderens domæne fra vores modtageserver). Mailen er behandlet som fra en ukendt afsender.',
    en: () => 'The sender could not be verified (several From addresses, or no confirmation of the sender\'s domain from our receiving server). The mail was treated as from an unknown sender.',
  },
  unverifiedLink: {
    da: () => 'Afsenderen kunne ikke bekræftes. Knyt kun adressen til en kunde, når du har bekræftet henvendelsen ad anden vej (fx telefon).',
    en: () => 'The sender could not be verified. Only link the address to a customer once you have confirmed the request another way (e.g. by phone).',
  },
  unverifiedRefused: {
    da: () => 'Afsenderen kunne ikke bekræftes. Bekræft afsenderen ad anden vej, og sæt flueben, før adressen knyttes til en virksomhed.',
    en: () => 'The sender could not be verified. Confirm the sender another way and tick the box before linking the address to a company.',
  },
  forgedConfirm: {
    da: () => 'Jeg har bekræftet afsenderen ad anden vej',
    en: () => 'I have confirmed the sender another way',
  },
  forgedRefused: {
    da: () => 'Afsenderen kunne ikke bekræftes (DMARC fejlede). Bekræft afsenderen ad anden vej, og sæt flueben, før adressen knyttes til en virksomhed.',
    en: () => 'The sender could not be verified (DMARC failed). Confirm the sender another way and tick the box before linking the address to a company.',
  },
  chooseCompany: { da: () => 'Vælg virksomhed …', en: () => 'Choose a company …' },
  suggested: {
    da: (p: UiParams) => `Forslag: ${p.company} — domænet ${p.domain} er registreret hos dem.`,
    en: (p: UiParams) => `Suggestion: ${p.company} — the domain ${p.domain} is registered to them.`,
  },
  suggestedGroup: { da: () => 'Forslag (samme domæne)', en: () => 'Suggested (same domain)' },
  allCompanies: { da: () => 'Alle virksomheder', en: () => 'All companies' },
  publicNoSuggestion: {
    da: (p: UiParams) => `${p.domain} er et offentligt maildomæne: det peger ikke på nogen virksomhed, så der er intet forslag.`,
    en: (p: UiParams) => `${p.domain} is a public mail domain: it points to no company, so there is no suggestion.`,
  },
  notSent: { da: () => 'Automatisk svar ikke sendt:', en: () => 'Automatic reply not sent:' },
  why: { da: () => 'Hvorfor?', en: () => 'Why?' },
} satisfies Record<string, Record<UiLanguage, (p: UiParams) => string>>;

export type UiTextKey = keyof typeof UI_TEXTS;

export function uiText(key: UiTextKey, lang: UiLanguage = 'da', params: UiParams = {}): string {
  return UI_TEXTS[key][lang === 'en' ? 'en' : 'da'](params);
}
