/**
 * Topic detection (which Microbizz area a mail is about) by a weighted Danish + English
 * lexicon. Matching works on the æøå-less skeleton forms of text.ts, so "lønkørsel",
 * "loenkoersel" and "lonkorsel" match the same entry.
 *
 * Term syntax: see lexicon.ts ("faktura" also matches the compound "kundefaktura",
 * "=app" is an exact word, "log ind" a phrase).
 * Subject matches count 1.5×. The topic with the highest score wins if it reaches 1; otherwise
 * 'other'.
 */
import type { Topic } from '../../domain/vocabulary';
import { Lexicon, type LexiconSpec } from './lexicon';
import { stripSubjectPrefixes, tokenize, type Token } from '../../domain/text';

export const TOPIC_LEXICON: LexiconSpec<Exclude<Topic, 'other'>> = {
  forms: [
    ['skema', 2], ['formular', 2], ['tjekliste', 2], ['checkliste', 2], ['checklist', 2], ['=form', 1.5],
    ['=forms', 2], ['blanket', 2], ['=felt', 0.75], ['=felter', 1], ['=feltet', 1], ['=field', 0.75],
    ['=fields', 1], ['kvalitetssikring', 1.5], ['underskrift', 1], ['signatur', 1], ['=ks', 1],
    ['questionnaire', 1.5], ['spørgeskema', 2],
  ],
  invoicing: [
    ['faktur', 2], ['kreditnota', 2], ['invoice', 2], ['invoicing', 2], ['billing', 1.5], ['=moms', 1.5],
    ['betaling', 1], ['payment', 1], ['debitor', 1], ['=ean', 1], ['nemhandel', 1], ['prisberegning', 1],
    ['=rabat', 1], ['=discount', 1], ['credit note', 2],
  ],
  integrations: [
    ['integration', 2], ['=api', 2], ['conomic', 2], ['dinero', 2], ['uniconta', 2], ['navision', 2],
    ['business central', 2], ['visma', 2], ['=sync', 2], ['synkronis', 2], ['synchron', 2], ['synkroni', 2],
    ['webhook', 2], ['=ftp', 1.5], ['=sftp', 1.5], ['=edi', 1.5], ['oioubl', 1.5], ['=import', 1],
    ['=importere', 1], ['dataimport', 1.5], ['=eksport', 0.75], ['=export', 0.75], ['=outlook', 1],
    ['google kalender', 1], ['google calendar', 1], ['grossist', 1], ['prisfil', 1.5], ['=token', 1],
    ['endpoint', 1.5], ['overførsel', 0.75], ['bogføring', 1], ['bogholderi', 1], ['økonomisystem', 2],
    ['accounting', 1.5], ['erp', 0.5],
  ],
  app: [
    ['=app', 2], ['=appen', 2], ['=apps', 2], ['=appens', 2], ['mobilapp', 2], ['=mobil', 1.5],
    ['=mobilen', 1.5], ['mobiltelefon', 1.5], ['mobile', 1.5], ['iphone', 2], ['android', 2], ['=ios', 2],
    ['=ipad', 2], ['tablet', 1.5], ['=offline', 1.5], ['app store', 1.5], ['google play', 1.5],
    ['=telefon', 0.5], ['=telefonen', 1], ['=phone', 0.5], ['smartphone', 1.5], ['montørapp', 2],
    ['push notifikation', 1.5], ['notifikation', 0.75],
  ],
  planning: [
    ['planlæg', 2.5], ['planner', 2], ['planning', 2], ['=plan', 1], ['=planen', 1], ['kalender', 1],
    ['calendar', 1], ['dispatch', 2], ['ressourc', 1.5], ['resource', 1.5], ['tavle', 1.5],
    ['schedul', 2], ['=gantt', 2], ['vagtplan', 2], ['kørselsliste', 1.5], ['=rute', 1], ['ruteplan', 2],
    ['booking', 0.5], ['disponer', 1.5], ['montør', 0.5], ['tekniker', 0.5],
  ],
  time_registration: [
    ['timeregistr', 3], ['tidsregistr', 3], ['timesedd', 3], ['timesedl', 3], ['stempl', 2], ['timesheet', 3],
    ['time registration', 3], ['time tracking', 3], ['timetracking', 3], ['overtid', 2], ['overtime', 2],
    ['=løn', 2], ['=lønnen', 2], ['lønart', 2], ['lønsystem', 2], ['lønkørsel', 2], ['=payroll', 2],
    ['=timer', 0.75], ['timeforbrug', 1.5], ['=hours', 0.75], ['fravær', 0.5], ['=ferie', 0.5],
    ['arbejdstid', 2], ['kørselsregistr', 2], ['clock in', 2], ['check ind', 1],
  ],
  users_rights: [
    ['rettighed', 3], ['=adgang', 2], ['=adgangen', 2], ['adgangskode', 2.5], ['=login', 2], ['log ind', 2],
    ['logge ind', 2], ['logget ind', 1.5], ['password', 2.5], ['kodeord', 2.5], ['=rolle', 2], ['=roller', 2],
    ['=rollen', 2], ['brugeropret', 2], ['oprette bruger', 2], ['ny bruger', 2], ['nye brugere', 2],
    ['=brugere', 1], ['brugeradgang', 2.5], ['brugerprofil', 2], ['=user', 1], ['=users', 1],
    ['permission', 3], ['=access', 1.5], ['=sso', 2], ['tofaktor', 2], ['two factor', 2], ['=mfa', 2],
    ['låst ude', 2], ['locked out', 2], ['=spærret', 1.5], ['brugernavn', 2], ['username', 2],
    ['medarbejderoprett', 2], ['deaktiv', 1], ['=sign in', 1.5], ['log in', 1.5],
  ],
  reports: [
    ['rapport', 2.5], ['report', 2], ['udtræk', 2], ['statistik', 2], ['statistic', 2], ['dashboard', 2],
    ['=excel', 1], ['nøgletal', 2], ['=kpi', 2], ['=analyse', 1], ['=oversigt', 0.75], ['overview', 0.75],
    ['=liste', 0.5], ['=csv', 0.5], ['dækningsbidrag', 1.5],
  ],
  stock: [
    ['lager', 3], ['=vare', 2], ['=varer', 2], ['=varen', 2], ['varenummer', 2.5], ['varekatalog', 2.5],
    ['varelinj', 1.5], ['vareforbrug', 2], ['materiale', 1], ['stock', 3], ['inventory', 3], ['indkøb', 2],
    ['purchase order', 2], ['leverandør', 1], ['supplier', 1], ['beholdning', 2.5], ['optælling', 2],
    ['stocktaking', 2.5], ['=items', 0.75], ['reservedel', 2], ['spare part', 2], ['=sku', 2],
  ],
  customers: [
    ['kundekartotek', 3], ['kundeoplys', 2.5], ['kundenumm', 2], ['kundekort', 2.5], ['kunderegist', 2.5],
    ['kundeliste', 2], ['=kunde', 0.75], ['=kunden', 0.75], ['=kunder', 0.5], ['customer', 0.75],
    ['=crm', 2], ['kontaktperson', 1.5], ['=cvr', 1.5], ['=adresse', 0.75], ['=address', 0.5],
    ['dublet', 1.5], ['duplicate', 1], ['=anlæg', 0.5], ['installationer', 0.75],
  ],
  tasks: [
    ['opgave', 1.5], ['=task', 2], ['=tasks', 2], ['=sag', 1], ['=sager', 1], ['=sagen', 1], ['sagsstyring', 2],
    ['arbejdssedl', 2.5], ['arbejdsseddel', 2.5], ['work order', 2.5], ['workorder', 2.5], ['=ordre', 1],
    ['=ordren', 1], ['=ordrer', 1], ['=job', 1], ['=jobs', 1], ['=projekt', 1], ['=project', 1],
    ['serviceordre', 2], ['=status', 0.5], ['tilbud', 0.75],
  ],
  agreement: [
    ['supportaftal', 3], ['udvidet aftale', 3], ['=hypercare', 3], ['basisaftal', 3], ['basis aftale', 3],
    ['timefakturering', 3], ['abonnement', 2.5], ['opsig', 2.5], ['=licens', 2], ['licenser', 2],
    ['subscription', 2.5], ['=contract', 2], ['=kontrakt', 2], ['opgrader', 2], ['upgrade', 1.5],
    ['downgrade', 2], ['supportkontakt', 2.5], ['support contact', 2.5], ['=udvidet', 1.5],
    ['=aftale', 1], ['=aftalen', 1], ['agreement', 1.5], ['=cancel', 1], ['terminate', 1.5],
    ['=pris', 0.5], ['=prisen', 0.5],
  ],
};

const MATCHER = new Lexicon<Exclude<Topic, 'other'>>(TOPIC_LEXICON);

export interface TopicResult {
  topic: Topic;
  /** The words in the mail (as written) that matched the chosen topic, strongest first. */
  matched: string[];
  /** Score per topic that had any match. */
  scores: Partial<Record<Topic, number>>;
}

function scan(tokens: Token[], factor: number, scores: Map<Topic, number>, hits: Map<Topic, Map<string, number>>): void {
  for (const hit of MATCHER.match(tokens)) {
    scores.set(hit.label, (scores.get(hit.label) ?? 0) + hit.weight * factor);
    let h = hits.get(hit.label);
    if (!h) hits.set(hit.label, (h = new Map()));
    const key = hit.raw.toLowerCase();
    h.set(key, (h.get(key) ?? 0) + hit.weight * factor);
  }
}

export function detectTopic(subject: string, body: string): TopicResult {
  const scores = new Map<Topic, number>();
  const hits = new Map<Topic, Map<string, number>>();
  scan(tokenize(stripSubjectPrefixes(subject).subject, 60), 1.5, scores, hits);
  scan(tokenize(body, 600), 1, scores, hits);
  let best: Topic = 'other';
  let bestScore = 0;
  for (const [topic, s] of scores) {
    if (s > bestScore + 1e-9) {
      best = topic;
      bestScore = s;
    }
  }
  if (bestScore < 1) best = 'other';
  const matched =
    best === 'other'
      ? []
      : [...(hits.get(best) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w);
  return { topic: best, matched, scores: Object.fromEntries(scores) };
}
