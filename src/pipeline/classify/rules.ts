/**
 * The RULES BASELINE: keyword rules per category, the way a helpdesk admin would set them up
 * in a mail client or ticket system. It is kept (1) as the baseline the trained model is
 * compared with (training/eval/comparison.md) and (2) as a safety net: the classifier asks it
 * for textual evidence of error and of automatic/bulk mail.
 *
 * Terms use the lexicon syntax of lexicon.ts and are matched on æøå-less skeleton forms.
 * Scoring: sum of weights per category over subject (×1.5) and new text. Noise needs a strong
 * score (≥ 4) because a human mail must never be dropped; error wins whenever its score is
 * close to the top (the costly mistake is to answer a fault with a course offer); with no
 * evidence at all the verdict is support.
 */
import { CATEGORIES, type Category } from '../../domain/vocabulary';
import { Lexicon, type LexiconHit, type LexiconSpec } from './lexicon';
import { stripSubjectPrefixes, tokenize, type Token } from '../../domain/text';
import type { ClassifierInput } from './types';

export const RULE_LEXICON: LexiconSpec<Category> = {
  error: [
    ['virker ikke', 3], ['virker * ikke', 2], ['fungerer ikke', 3], ['fungerer * ikke', 2], ['fejlbesked', 3],
    ['fejlmeddelelse', 3], ['fejlkode', 3], ['=fejl', 2], ['=fejlen', 2], ['=fejlede', 2.5], ['=fejler', 2.5],
    ['=error', 3], ['=errors', 2], ['=crash', 3], ['crasher', 3], ['crashed', 3], ['går ned', 3], ['gik ned', 3],
    ['=nede', 2.5], ['is down', 3], ['=down', 1], ['lukker ned', 3], ['hænger', 2], ['fryser', 2.5],
    ['frosset', 2], ['=langsom', 2], ['=langsomt', 2], ['=slow', 2], ['timeout', 2.5], ['time out', 2],
    ['hvid skærm', 2.5], ['blank side', 2.5], ['blank page', 2.5], ['forsvundet', 2.5], ['=væk', 1],
    ['synkroniserer ikke', 3], ['synkroniseres ikke', 3], ['=stoppet', 2], ['holdt op', 2.5],
    ['stopped working', 3], ['stopped', 1.5], ['not working', 3], ["doesn't work", 3], ["does not work", 3],
    ["isn't working", 3], ['broken', 2.5], ['=bug', 2.5], ['=bugs', 2.5], ['exception', 2.5],
    ['fail', 2], ['=mistet', 2.5], ['lost data', 2], ['data lost', 2], ['have lost', 2], ['has lost', 2], ['been lost', 2],
    ['not found', 2], ['kan ikke findes', 2], ['blev ikke fundet', 2], ['corrupt', 2.5],
    ['korrupt', 2.5], ['går i stå', 2.5], ['loader ikke', 3], ['indlæses ikke', 3], ['kan ikke åbne', 2],
    ['kan ikke gemme', 2.5], ['cannot save', 2.5], ['kan ikke logge ind', 2], ['can not log', 2],
    ["can't log", 2], ['vises ikke', 1.5], ['kommer ikke', 1.5], ['sendes ikke', 2], ['sendt ikke', 1],
    ['bliver ikke', 1], ['=forkert', 1], ['=forkerte', 1], ['dobbelt', 1], ['=nedbrud', 3], ['=outage', 3],
    ['=unavailable', 2], ['utilgængelig', 2], ['går galt', 2.5], ['gået galt', 2.5], ['=wrong', 1],
    ['ikke længere', 1], ['no longer', 1], ['=akut', 1.5], ['=urgent', 1], ['problem med', 1], ['problemer med', 1],
    ['=stopper', 1.5], ['=stops', 1.5], ['=failed', 2], ['=fails', 2], ['mislykkedes', 2.5], ['=ugyldig', 1.5], ['=invalid', 1.5],
    ['kunne ikke gemmes', 2.5], ['kunne ikke indlæses', 2.5], ['kunne ikke genereres', 2.5], ['could not be', 1.5], ['unable to', 1.5],
    ['forsvinder', 2], ['forsvandt', 2], ['disappeared', 2.5], ['=missing', 1], ['logger os ud', 2.5], ['logged out', 1.5],
    ['logs everyone out', 2.5], ['session expired', 2.5], ['bad gateway', 3], ['http 500', 2.5], ['server error', 3],
    ['serverfejl', 3], ['=udløbet', 1], ['uventet fejl', 3], ['unexpected error', 3], ['nothing happens', 2], ['der sker ingenting', 2],
    ['sker der ingenting', 2], ['viser forkert', 2], ['regner forkert', 2.5], ['shows wrong', 2], ['wrong totals', 2.5],
    ['=hanging', 2], ['=hangs', 2], ['=freezes', 2.5], ['=frozen', 2], ['=stuck', 1.5], ['=duplicate', 1.5], ['=duplicates', 1.5],
    ['created twice', 2.5], ['oprettet to gange', 2.5], ['to gange', 0.5], ['=twice', 0.5], ['hvid side', 2.5], ['white page', 2.5],
    ['=blank', 1.5], ['tom side', 2], ['gemmer ikke', 2.5], ['gemmes ikke', 2.5], ["doesn't save", 2.5], ['does not save', 2.5],
    ['returns an empty', 2], ['empty file', 2], ['tom fil', 2], ['is blocking', 1.5],
  ],
  support: [
    ['=hvordan', 1], ['how do i', 1.5], ['how do we', 1.5], ['how can i', 1.5], ['how can we', 1.5],
    ['hvor finder', 2], ['hvor kan jeg', 1.5], ['where do i', 1.5], ['where can i', 1.5], ['=hvorfor', 1],
    ['=why', 1], ['tak for hjælpen', 3], ['thanks for the help', 3], ['thanks for your help', 3],
    ['det virker nu', 3], ['virker nu', 2], ['works now', 3], ['er løst', 2], ['solved', 2], ['=resolved', 2],
    ['supportkontakt', 1.5], ['support contact', 1.5], ['spørgsmål', 1], ['question', 1], ['_q_', 0.5],
    ['er det muligt', 1.5], ['is it possible', 1.5], ['kan man', 1], ['=can i', 1],
  ],
  training: [
    ['kursus', 3], ['kurser', 3], ['=course', 3], ['=courses', 3], ['undervisning', 3], ['=training', 2],
    ['onboarding', 3], ['gennemgang', 2], ['gennemgå', 2], ['vise os', 2], ['vise mig', 2], ['vis os', 2],
    ['show us', 2], ['show me', 1.5], ['=lære', 2], ['lære at', 2], ['=learn', 2], ['walk through', 2.5],
    ['walkthrough', 2.5], ['introduktion', 2], ['=intro', 1.5], ['workshop', 2], ['ny medarbejder', 1.5],
    ['nye medarbejdere', 1.5], ['new employee', 1.5], ['forstår ikke', 2], ['aner ikke', 2],
    ["don't understand", 2], ['fra bunden', 2], ['from scratch', 2], ['komme i gang', 2], ['get started', 2],
    ['oplæring', 3], ['oplære', 3], ['e-learning', 2], ['=elearning', 2], ['undervise', 3],
  ],
  service_request: [
    ['bestille', 3], ['bestilling', 3], ['=bestil', 3], ['=order', 1.5], ['opsige', 3], ['opsigelse', 3],
    ['opgradere', 3], ['opgradering', 3], ['upgrade', 3], ['downgrade', 3], ['=cancel', 2], ['ændring', 2],
    ['tilret', 2], ['tilpasning', 2], ['konsulent', 3], ['consultant', 3], ['consultancy', 3], ['tilbud på', 2],
    ['=quote', 2], ['pris på', 1.5], ['oprette en', 1], ['sætte op', 1.5], ['opsætning af', 1.5],
    ['import af', 2], ['importere', 1.5], ['ny integration', 2], ['integration til', 1.5],
    ['ekstra supportkontakt', 3], ['flere supportkontakter', 3], ['additional support contact', 3],
    ['udvidet aftale', 2], ['udvide', 1.5], ['nyt felt', 1.5], ['nye felter', 1.5], ['lave en rapport', 2],
    ['change request', 3], ['ændringsønske', 3], ['vil gerne have', 1], ['would like to order', 3],
    ['please set up', 2], ['kan i lave', 2], ['kan i sætte', 2], ['could you set up', 2], ['=timepris', 1.5],
  ],
  // Text-level marks of machine, bulk and fraudulent mail, by kind. Each is standard wording of
  // mail systems or of mass mailings, not of a customer writing to the Servicedesk.
  noise: [
    // auto-replies / out of office / unmonitored mailboxes
    ['autosvar', 4], ['automatisk svar', 4], ['automatisk besked', 3], ['automatic reply', 4], ['auto reply', 4],
    ['autoreply', 4], ['out of office', 4], ['ikke på kontoret', 3], ['away from the office', 3],
    ['out of the office', 3], ['=fraværende', 2], ['er på ferie', 2], ['på barsel', 2], ['er sygemeldt', 2],
    ['sick leave', 2], ['on vacation', 2], ['on holiday', 1.5], ['returning on', 2], ['back in the office', 2],
    ['tilbage igen', 1.5], ['tilbage på kontoret', 2], ['har ikke adgang til mail', 3], ['no access to email', 3],
    ['limited access to email', 3], ['læser ikke', 1.5], ['bliver ikke læst', 3], ['not monitored', 3],
    ['will not be read', 3], ['postkasse bruges kun', 3], ['mailbox is not', 2], ['i mit fravær', 3],
    ['in my absence', 3], ['=noreply', 2], ['do not reply', 2], ['besvar ikke', 2],
    // bounces / delivery status
    ['delivery status', 4], ['undeliverable', 4], ['kunne ikke leveres', 3], ['could not be delivered', 3],
    ['delivery has failed', 4], ['mailer-daemon', 4], ['permanent fatal', 4], ['rcpt to', 3], ['=smtp', 2],
    ['mailserveren', 2], ['mail server', 1.5], ['returned mail', 3], ['delivery failure', 4],
    // read receipts and calendar responses
    ['blev læst', 3], ['was read on', 4], ['har afvist dette møde', 4], ['has declined this meeting', 4],
    ['har accepteret denne', 4], ['has accepted this meeting', 4], ['mødeindkaldelse', 1.5],
    ['tentatively accepted', 4], ['foreløbigt accepteret', 4],
    // newsletters and marketing
    ['unsubscribe', 4], ['afmeld', 4], ['nyhedsbrev', 4], ['newsletter', 4], ['view in browser', 3],
    ['vis i browser', 3], ['google ads', 3], ['=seo', 3], ['first page of google', 4], ['search engine', 2],
    ['søgemaskine', 2], ['=leads', 2], ['contact list', 2], ['verified emails', 3], ['book en demo', 2],
    ['book a demo', 2], ['free trial', 2], ['gratis prøve', 2], ['rabatkode', 2], ['discount code', 2],
    ['limited time', 2], ['jeres hjemmeside', 1.5], ['your website', 1.5],
    // phishing and scams
    ['verify your', 3], ['bekræft dine', 3], ['bekræft din identitet', 3], ['click here', 2], ['klik her', 1.5],
    ['click below', 2], ['klik nedenfor', 2], ['expires today', 2], ['udløber i dag', 2], ['be suspended', 3],
    ['avoid suspension', 3], ['mistænkelig aktivitet', 3], ['suspicious activity', 3], ['unusual sign-in', 3],
    ['kortoplysninger', 3], ['card details', 3], ['customs fee', 3], ['told og gebyr', 3], ['pay now', 2],
    ['betal her', 2], ['penge til gode', 3], ['tax refund', 3], ['next of kin', 4], ['=barrister', 3],
    ['=inheritance', 3], ['review and sign', 2], ['postkasse er fuld', 3], ['mailbox storage', 3],
    ['storage is almost full', 3], ['=crypto', 2], ['=bitcoin', 2], ['=winner', 2], ['du har vundet', 3],
    // cold sales outreach: SEO and guest posts, lead generation, outsourcing, agencies, events.
    // The wording of someone selling TO the service desk, not of a customer asking it.
    ['guest post', 3], ['gæsteindlæg', 3], ['sponsored post', 3], ['sponsored article', 3], ['sponsoreret', 2],
    ['do-follow', 3], ['dofollow', 3], ['backlink', 3], ['link building', 3], ['linkbuilding', 3], ['seo audit', 3],
    ['page one', 2], ['side 1 på', 2], ['på google', 1.5], ['ranking', 1.5], ['lead generation', 3], ['leadgenerering', 3],
    ['qualified leads', 3], ['kvalificerede leads', 3], ['kundeemner', 2], ['sales meetings', 2.5], ['salgsmøder', 2.5],
    ['book meetings', 2.5], ['booke møder', 2.5], ['decision-makers', 2], ['decision makers', 2], ['beslutningstagere', 2],
    ['quick call', 2], ['short call', 2], ['quick chat', 2], ['brief call', 2], ['schedule a call', 2], ['book a call', 2],
    ['hop on a call', 2.5], ['jump on a call', 2.5], ['minute call', 2], ['minutes this week', 1.5], ['minutter til', 1.5], ['kort snak', 2],
    ['worth a chat', 2.5], ['open to a', 1.5], ['would you be open', 2], ['would you be interested', 1.5], ['are you interested', 1],
    ['er det noget i', 1.5], ['right person', 2], ['rette person', 2], ['point me in the right', 2.5], ['circling back', 3],
    ['bumping this', 3], ['top of your inbox', 3], ['following up on my', 2.5], ['my previous email', 2], ['my last email', 2],
    ['not interested', 2], ['nej tak', 1], ['ikke er relevant', 2], ['ikke relevant', 1.5], ['skriver ikke igen', 3],
    ['uforpligtende', 2], ['no obligation', 2], ['no commitment', 2], ['free audit', 2.5], ['free consultation', 2],
    ['gratis analyse', 2.5], ['gratis og uforpligtende', 3], ['we help', 1.5], ['vi hjælper', 1.5], ['our clients', 1.5],
    ['vores kunder får', 1.5], ['we specialise', 1.5], ['we specialize', 1.5], ['dedicated developers', 3], ['=offshore', 2.5],
    ['outsourc', 2.5], ['=telemarketing', 3], ['virtual assistant', 2.5], ['early bird', 2], ['early-bird', 2], ['exhibitor', 2.5],
    ['=booth', 1.5], ['speaking slot', 2.5], ['speaker package', 3], ['verified contact', 3], ['gdpr compliant', 2],
    ['gdpr-compliant', 2], ['pre-approved', 2.5], ['working capital', 2], ['factoring', 2], ['introduktionspris', 2],
    ['free mini-audit', 3], ['referral partnership', 2], ['partnership opportunity', 2.5], ['i came across your', 2],
    ['i noticed your', 1.5], ['i was going through your', 2], ['jeg har kigget på jeres', 2], ['faldt over jeres', 2],
    // … staffing, recruitment and contractors offered to us; free trials and offers; third-party
    // events and courses sold to whoever reads the mail ("tilmeld dig", not a customer's "tilmelde")
    ['=kandidater', 1.5], ['=candidates', 1.5], ['pre-screened', 2.5], ['=freelancere', 2], ['freelance-udviklere', 2.5],
    ['full-stack', 2], ['your stack', 2.5], ['your roadmap', 2.5], ['jeres roadmap', 2.5], ['case studies', 2], ['kundecases', 2],
    ['første måned gratis', 3], ['first month free', 3], ['prøv det gratis', 2.5], ['try it free', 2.5], ['gratis gennemgang', 2],
    ['fri fragt', 2.5], ['free shipping', 2.5], ['free delivery', 2], ['hurtigt og billigt', 2.5],
    ['tilmeld dig', 2], ['register now', 2.5], ['register here', 2.5], ['register free', 2.5], ['sikr dig en plads', 3],
    ['secure your seat', 3], ['book your seat', 3], ['pladser tilbage', 2.5], ['seats left', 2.5], ['sidste chance', 2],
    ['last chance', 2], ['opkøbe', 2], ['erhvervslån', 2.5], ['business loan', 2.5],
    // CEO / gift-card fraud
    ['=gavekort', 1.5], ['gift cards', 2.5], ['er du ved computeren', 3], ['are you at your desk', 3],
    // fake invoices and payment pressure from unknown parties
    ['pay securely', 3], ['betal sikkert', 3], ['betal nu', 2.5], ['late fee', 2], ['late payment fee', 2.5], ['overdue balance', 2.5],
    ['seriously overdue', 3], ['final notice', 2.5], ['sidste varsel', 2.5], ['inkasso', 2], ['debt collect', 3],
    ['collections', 1], ['rykkergebyr', 2], ['=rykker', 1.5], ['ekspeditionsgebyr', 2.5], ['remittance', 2], ['urgent payment', 3],
    ['wire transfer', 3], ['skiftet bank', 2.5], ['kreditoroplysninger', 2.5], ['new bank details', 2.5], ['updated bank details', 2.5],
    // file-share, e-signature, voicemail and login lures
    ['shared a file', 3], ['shared a document', 3], ['shared a folder', 3], ['shared with you', 2.5], ['delt med dig', 3],
    ['open document', 2.5], ['view document', 2.5], ['review document', 2.5], ['åbn dokumentet', 3], ['document to review', 3],
    ['waiting for your signature', 3], ['review and sign', 2], ['sign in to view', 3], ['arbejdskonto', 1.5],
    ['password expires', 3], ['password will expire', 3], ['adgangskode udløber', 3], ['keep same password', 4],
    ['keep your current password', 4], ['confirm your account', 3], ['confirm your mailbox', 3], ['bekræft din konto', 3],
    ['mailbox migration', 3], ['new voicemail', 3], ['voice message', 3], ['talebesked', 3], ['fax received', 3],
    ['secure your account', 3], ['sikr din konto', 3], ['unusual activity', 3], ['unusual sign-in', 3], ['logonaktivitet', 3],
    ['update payment', 2], ['opdater dine kortoplysninger', 3], ['payment details', 1],
  ],
};

const MATCHER = new Lexicon<Category>(RULE_LEXICON);

/**
 * Wording that closes a case: the customer reports that the problem is solved ("tak, det
 * virker nu", "works now", "sagen kan lukkes"). Used by the classifier's rule S4 (short
 * "thanks, solved" follow-ups are support, even when the thread was about an error).
 */
export const RESOLVED_LEXICON: LexiconSpec<'resolved'> = {
  resolved: [
    ['det virker nu', 3], ['virker nu', 2.5], ['virker igen', 3], ['virker fint nu', 3], ['fungerer nu', 2.5],
    ['fungerer igen', 3], ['er løst', 2], ['blevet løst', 2.5], ['fik løst', 2], ['løst nu', 2.5], ['problemet er løst', 3], ['er blevet løst', 3], ['tak for hjælpen', 2],
    ['tak for hurtig hjælp', 2.5], ['tak for forklaringen', 2.5], ['tak for svaret', 1.5], ['sagen kan lukkes', 3],
    ['lukke sagen', 2], ['fandt ud af det', 3], ['fandt den', 2], ['fundet den', 2], ['det var mig', 2],
    ['vores egen fejl', 3], ['på vores side', 2], ['works now', 3], ['working now', 3], ['working again', 3],
    ['works again', 3], ['=fixed', 2], ['=solved', 2.5], ['=resolved', 2.5], ['all sorted', 3], ['=sorted', 1.5],
    ['found it', 2], ['figured it out', 3], ['on our side', 2], ['our own mistake', 3], ['my mistake', 3],
    ['you can close', 3], ['can be closed', 3], ['close the case', 2.5], ['close the ticket', 2.5],
    ['thanks for the help', 2], ['thanks for your help', 2], ['thanks for the quick', 2], ['=confirmed', 1],
  ],
};
const RESOLVED = new Lexicon<'resolved'>(RESOLVED_LEXICON);

/**
 * Wording of a question about how the system is meant to behave or where something is set
 * ("er det meningen", "hvor slår man", "is that intended", "is there a setting"): the mark of a
 * support question when nothing is broken. Used by rule S2 of the classifier.
 */
export const BEHAVIOUR_QUESTION_LEXICON: LexiconSpec<'question'> = {
  question: [
    ['er det meningen', 3], ['er det normalt', 3], ['er det korrekt', 2], ['er det rigtigt', 2], ['kan det passe', 2],
    ['er det en indstilling', 3], ['er der en indstilling', 3], ['hvor slår man', 3], ['hvor indstiller', 3],
    ['hvor ændrer', 2], ['hvor retter', 2], ['hvor finder', 2], ['hvor kan man', 2], ['hvor kan jeg', 2],
    ['hvordan får', 2], ['hvordan kan', 2], ['hvordan gør', 2], ['hvordan sætter', 2], ['hvorfor', 1.5],
    ['kan man', 1.5], ['er det muligt', 2], ['skal man', 1.5], ['skal vi', 1], ['har vi sat', 2],
    ['ikke noget galt', 3], ['ikke en fejl', 3], ['ikke fejl', 2], ['intet er i stykker', 3],
    ['is that intended', 3], ['is this intended', 3], ['is it supposed', 3], ['is this expected', 3],
    ['is that expected', 3], ['is that normal', 3], ['is this normal', 3], ['by design', 3], ['is there a setting', 3],
    ['is that a setting', 3], ['is it a setting', 3], ['where do i', 2], ['where can i', 2], ['where is the', 1.5],
    ['how do i', 2], ['how do we', 2], ['how can i', 2], ['how can we', 2], ['how come', 2], ['=why', 1.5],
    ['is it possible', 2], ['can we change', 2], ['nothing is broken', 3], ['not a bug', 3], ['not a system problem', 3],
    ['not an error', 3], ['_q_', 0.5],
  ],
};
const QUESTION = new Lexicon<'question'>(BEHAVIOUR_QUESTION_LEXICON);

/** How strongly one wording lexicon matches, and the phrases that spoke for it, as written. */
export interface PhraseEvidence {
  score: number;
  phrases: string[];
}

/**
 * One wording lexicon over one or more token lists: the summed weight (counter-wording has a
 * negative weight) and the phrases that added to it ("?" alone is not shown to an agent).
 */
function phraseEvidence<L extends string>(lexicon: Lexicon<L>, ...tokenLists: Token[][]): PhraseEvidence {
  const hits = tokenLists.flatMap((tokens) => lexicon.match(tokens));
  return { score: hits.reduce((a, h) => a + h.weight, 0), phrases: hits.filter((h) => h.weight > 0 && h.raw !== '?').map((h) => h.raw) };
}

/**
 * Wording of a person who asks the desk whether a mail they received is genuine ("er det fra
 * jer?", "is this really from you?", "ligner phishing", "did you send"): the human counterpart
 * of a lure, often with the lure forwarded below it. Lures do not ask their reader whether the
 * reader sent them; wording a payment reminder could use ("har I sendt", "did you send") only
 * counts with another sign. Used by rules S1 and S6 of the classifier: such a mail is never noise.
 */
export const GENUINE_QUESTION_LEXICON: LexiconSpec<'genuine'> = {
  genuine: [
    ['er det fra jer', 3], ['er den fra jer', 3], ['er mailen fra jer', 3], ['er fakturaen fra jer', 3], ['er det jer der', 3],
    ['er det jer som', 3], ['kommer den fra jer', 3], ['kommer det fra jer', 3], ['kommer mailen fra jer', 3],
    ['stammer den fra jer', 3], ['har i sendt', 2], ['har i udsendt', 2], ['sendt af jer', 3], ['afsendt af jer', 3],
    ['er den ægte', 3], ['er det ægte', 3], ['er mailen ægte', 3], ['er den legitim', 3], ['er det legitimt', 3],
    ['er det svindel', 3], ['er det phishing', 3], ['ligner phishing', 3], ['ligner svindel', 3], ['ligner spam', 2],
    ['mistænkelig mail', 2], ['mistænkelig e-mail', 2], ['mistænkelig faktura', 2], ['falsk faktura', 2], ['falsk mail', 2],
    ['is this from you', 3], ['is this really from you', 3], ['is it from you', 3], ['is it really from you', 3],
    ['was this sent by you', 3], ['was it sent by you', 3], ['sent by you', 2], ['did you send', 2],
    ['did microbizz send', 3], ['is this legit', 3], ['is this genuine', 3], ['is it genuine', 3], ['is this real', 2],
    ['is this phishing', 3], ['looks like phishing', 3], ['is this a scam', 3], ['is it a scam', 3], ['looks like a scam', 3],
    ['suspicious email', 2], ['suspicious mail', 2], ['suspicious invoice', 2], ['fake invoice', 2], ['block the sender', 2],
    ['blokere afsenderen', 2], ['om i har sendt', 3], ['om den er fra jer', 3], ['om det er jer', 3], ['om mailen er ægte', 3],
    ['whether you sent', 3], ['whether it is from you', 3], ['whether this is from you', 3],
    ['fra jer ?', 3], ['from you ?', 3],
  ],
};
const GENUINE = new Lexicon<'genuine'>(GENUINE_QUESTION_LEXICON);

/**
 * Wording of a person who asks whether the system is down ("er systemet nede?", "is the system
 * down?", "nede for alle"): an availability incident, however short and however much it reads
 * like a question. A question about planned maintenance or downtime windows is not one, so that
 * wording counts against it. Used by rule S7 of the classifier; the new text only (a reply's
 * subject may name an outage that is over).
 */
export const OUTAGE_QUESTION_LEXICON: LexiconSpec<'outage'> = {
  outage: [
    ['er systemet nede', 3], ['er i nede', 3], ['er microbizz nede', 3], ['er det nede', 3], ['er serveren nede', 3],
    ['er siden nede', 3], ['er appen nede', 3], ['nede hos jer', 3], ['nede for alle', 3], ['systemet er nede', 3],
    ['microbizz er nede', 3], ['alt er nede', 3], ['er der nedbrud', 3], ['har i nedbrud', 3], ['nedbrud hos jer', 3],
    ['is the system down', 3], ['is microbizz down', 3], ['are you down', 3], ['is it down', 3], ['system down', 3],
    ['microbizz down', 3], ['site down', 3], ['server down', 3], ['down for everyone', 3], ['down for anyone', 3],
    ['system is down', 3], ['microbizz is down', 3], ['everything is down', 3], ['app down', 3],
    ['planlagt', -3], ['vedligehold', -3], ['servicevindue', -3], ['maintenance', -3], ['planned', -3], ['scheduled', -3],
  ],
};
const OUTAGE = new Lexicon<'outage'>(OUTAGE_QUESTION_LEXICON);

export interface ResolutionEvidence extends PhraseEvidence {
  /** Words in the new text. */
  words: number;
}

/** How strongly the new text (its tokens) says "solved, thanks" (subject not used: it names the old problem). */
function resolutionEvidence(tokens: Token[]): ResolutionEvidence {
  return { ...phraseEvidence(RESOLVED, tokens), words: tokens.filter((t) => t.kind === 'word').length };
}

export interface RuleResult {
  category: Category;
  /** Summed evidence per category (subject hits count 1.5×). */
  scores: Record<Category, number>;
  /** Evidence from the new text alone (subjects of replies are often stale). */
  bodyScores: Record<Category, number>;
  /** What matched, strongest first within each category. */
  hits: LexiconHit<Category>[];
  /** "Solved, thanks" wording in the new text. */
  resolution: ResolutionEvidence;
  /** "How is this meant to work?" wording in the new text. */
  question: PhraseEvidence;
  /** "Is this mail really from you?" wording in the subject or the new text. */
  genuine: PhraseEvidence;
  /** "Is the system down?" wording in the new text (a reply's subject may name an outage that is over). */
  outage: PhraseEvidence;
}

/** Runs the keyword rules on subject + new text. Pure. */
export function applyRules(input: Pick<ClassifierInput, 'subject' | 'newText'>): RuleResult {
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  // Tokenised once; the evidence below reads the same tokens.
  const subjTokens = tokenize(stripSubjectPrefixes(input.subject ?? '').subject, 60);
  const bodyTokens = tokenize(input.newText ?? '', 600);
  const subjHits = MATCHER.match(subjTokens).map((h) => ({
    ...h,
    weight: h.weight * 1.5,
  }));
  const bodyHits = MATCHER.match(bodyTokens);
  const hits = [...subjHits, ...bodyHits];
  for (const h of hits) scores[h.label] += h.weight;
  const bodyScores = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  for (const h of bodyHits) bodyScores[h.label] += h.weight;
  hits.sort((a, b) => b.weight - a.weight);

  let top: Category = 'support';
  let topScore = 0;
  for (const c of CATEGORIES) {
    if (c === 'noise' && scores.noise < 4) continue;
    if (scores[c] > topScore) {
      top = c;
      topScore = scores[c];
    }
  }
  if (top !== 'error' && scores.error >= 2 && scores.error >= 0.6 * topScore) top = 'error';
  return { category: top, scores, bodyScores, hits, resolution: resolutionEvidence(bodyTokens),
    question: phraseEvidence(QUESTION, bodyTokens),
    genuine: phraseEvidence(GENUINE, subjTokens, bodyTokens),
    outage: phraseEvidence(OUTAGE, bodyTokens),
  };
}

/** Classifies with the rules alone (the baseline), as a category. */
export function rulesCategory(input: Pick<ClassifierInput, 'subject' | 'newText'>): Category {
  return applyRules(input).category;
}
