/**
 * Evidence of MISSING BASICS: the signs in a mail that the writer does not (yet) understand
 * the workflow they ask about, which the support agreements say is not support but a
 * training need ("Spørgsmål, som tydeligt indikerer, at supportkontakten ikke forstår
 * arbejdsgangen … Her vil der blive fulgt op med tilbud om undervisning").
 *
 * It looks for who is writing and how, not for the topic: the same workflow can be asked
 * about by someone who runs it every day (support) and by someone who has never used it
 * (training). The cues, by kind:
 *
 *   novice      the writer (or the people asked about) is new: new employee, apprentice,
 *               temp, just started, never used, first time, took over from someone;
 *   start       where do I start, get going, from scratch, the basics;
 *   whole       a walk-through of a whole module or flow: the whole flow, from start to
 *               finish, step by step, go through everything;
 *   confusion   does not understand how things fit together: don't understand, no idea,
 *               confused, the difference between, what is a …, what does … mean;
 *   teach       asks to be taught: teach us, train, course, introduction, onboarding,
 *               show us how;
 *   questions   several questions in one mail (three or more question marks, or a
 *               numbered/bulleted list of questions).
 *
 * Against them stands evidence of EXPERIENCE: the writer describes an established routine
 * ("vi plejer", "som altid", "har kørt i to år", "we usually", "for years"), which marks a
 * question inside a workflow the customer already has.
 *
 * Used three ways: as features of the model (see {@link evidenceSignals}), by the
 * classifier's rule S5, and as the explanation shown to agents and in the training-offer
 * report. Pure.
 */
import { Lexicon, type LexiconSpec } from './lexicon';
import { tokenize } from '../../domain/text';

export type EvidenceKind = 'novice' | 'start' | 'whole' | 'confusion' | 'teach' | 'questions';
type Label = EvidenceKind | 'experienced';

export const EVIDENCE_LEXICON: LexiconSpec<Label> = {
  novice: [
    // Danish
    // A new colleague as the subject of a question ("opret vores nye medarbejder") says less
    // than the writer being new ("jeg er ny"): lower weights for the former.
    ['ny medarbejder', 1], ['nye medarbejdere', 1], ['nyansat', 1.5], ['nyansatte', 1], ['ny på kontoret', 2],
    ['ret ny', 1.5], ['helt ny', 1], ['jeg er ny', 2], ['vi er nye', 2], ['ny i microbizz', 2], ['ny i systemet', 2], ['ny i jobbet', 2],
    ['=lærling', 1.5], ['=lærlinge', 1.5], ['=lærlingen', 1.5], ['=lærlingene', 1.5], ['jeg er lærling', 2], ['=vikar', 1], ['vikarierer', 1.5],
    ['lige startet', 2], ['lige begyndt', 2], ['netop startet', 2], ['startede i', 1], ['jeg startede', 1.5], ['lige blevet ansat', 2],
    ['dumme spørgsmål', 1.5], ['dumt spørgsmål', 1.5], ['basale spørgsmål', 2], ['ingen har lært', 2.5], ['nogensinde har lært', 2.5],
    ['lige ansat', 2], ['blevet ansat', 1.5], ['starter på mandag', 1.5], ['første dag', 1], ['første uge', 1.5], ['første gang', 1.5],
    ['aldrig brugt', 2], ['aldrig prøvet', 2], ['aldrig set', 2], ['aldrig arbejdet', 2], ['aldrig lavet', 1.5], ['aldrig gjort', 1.5],
    ['ikke brugt før', 2], ['ikke prøvet før', 2], ['ikke arbejdet', 1], ['ingen erfaring', 2], ['uden erfaring', 2],
    ['overtaget', 1.5], ['overtager', 1.5], ['skal overtage', 1.5], ['har overtaget', 1.5], ['efter min forgænger', 1.5],
    ['ingen overlevering', 2], ['ikke fået nogen oplæring', 2.5], ['ikke fået oplæring', 2.5], ['ingen oplæring', 2.5],
    ['ingen har vist', 2], ['ingen har forklaret', 2], ['ikke fået forklaret', 2],
    // English
    ['new employee', 1], ['new employees', 1], ['new hire', 1], ['new hires', 1], ['new starter', 1], ['new starters', 1],
    ["i'm new", 2], ['i am new', 2], ["i'm a new", 2], ['i am a new', 2], ['as a new', 1.5], ['just got', 1], ['jeg er en ny', 2],
    ['som ny', 1.5], ['har lige fået', 1], ["didn't understand", 2], ['did not understand', 2], ['forstod ikke', 2], ['quite new', 1.5], ['new here', 2], ['new to microbizz', 2], ['new to the', 1.5], ['new in the office', 2],
    ['=apprentice', 1.5], ['=apprentices', 1.5], ["i'm an apprentice", 2], ['=trainee', 1.5], ['=temp', 1], ['covering for', 1], ['just started', 2],
    ['started as', 1.5], ['just joined', 2], ['joined the', 1], ['been hired', 1.5], ['just hired', 2],
    ['first time', 1], ['first week', 1.5], ['never used', 2], ['never tried', 2], ['never done', 1.5], ['never worked', 2],
    ['never seen', 2], ['never had', 1], ['no experience', 2], ['taken over', 1.5], ['take over', 1.5], ['taking over', 1.5],
    ['took over', 1.5], ['no handover', 2], ["haven't had any training", 2.5], ['had no training', 2.5], ['no proper training', 2.5],
    ['nobody has shown', 2], ['no one has explained', 2], ['nobody explained', 2], ['nobody ever taught', 2.5], ['never been taught', 2.5],
    ['basic question', 2], ['basic questions', 2], ['silly question', 1.5], ['stupid question', 1.5], ['dumb question', 1.5],
  ],
  start: [
    ['hvor starter', 2], ['hvor skal jeg starte', 2], ['hvor begynder', 2], ['komme i gang', 1.5], ['komme godt i gang', 1.5],
    ['fra bunden', 2.5], ['fra start', 1.5], ['fra scratch', 2.5], ['fra nul', 2], ['det grundlæggende', 2],
    ['grundlæggende', 1.5], ['grundprincip', 2], ['det basale', 2], ['basale', 1.5], ['basalt', 1],
    ['where do i start', 2], ['where to start', 2], ['where to begin', 2], ['where do i begin', 2], ['get started', 1.5],
    ['getting started', 1.5], ['get going', 1.5], ['from scratch', 2.5], ['from zero', 2], ['from the ground up', 2.5],
    ['the basics', 2], ['=basics', 1.5], ['=basic', 1], ['=beginner', 2], ['=beginners', 2],
  ],
  whole: [
    ['hele modulet', 2.5], ['hele flowet', 2.5], ['hele forløbet', 2.5], ['hele processen', 2.5], ['hele systemet', 2],
    ['hele lagermodulet', 2.5], ['hele planlægningen', 2], ['hele appen', 2], ['det hele', 0.5], ['hele vejen', 1.5],
    ['fra start til slut', 2.5], ['trin for trin', 2], ['skridt for skridt', 2], ['gennemgå hele', 2.5], ['gennemgang af hele', 2.5],
    ['gennemgang af', 1.5], ['gennemgå', 1], ['gennemgang', 1], ['hvordan det hele hænger sammen', 2.5], ['overblik over', 1],
    ['whole module', 2.5], ['whole flow', 2.5], ['whole process', 2.5], ['whole system', 2], ['whole chain', 2.5], ['whole setup', 2],
    ['start to finish', 2.5], ['end to end', 2], ['step by step', 2], ['walk me through', 2.5], ['walk us through', 2.5],
    ['walk through', 2], ['walkthrough', 2], ['run-through', 2], ['go through', 1.5], ['through everything', 2],
  ],
  confusion: [
    ['forstår ikke', 2], ['forstår simpelthen ikke', 2.5], ['forstår ingenting', 2.5], ['forstaar ikke', 2], ['ikke forstår', 2],
    ['ikke forstået', 2], ['har aldrig forstået', 2.5], ['aner ikke', 2], ['ingen anelse', 2], ['ingen idé', 2], ['ingen ide', 2],
    ['ved ikke hvordan', 1.5], ['ved ikke hvad', 1.5], ['ved ikke engang', 2], ['forvirret', 2], ['forvirrende', 1], ['i tvivl om det hele', 2],
    ['blander', 1.5], ['forveksler', 2], ['forskellen på', 2], ['forskellen mellem', 2], ['hvad er forskellen', 2.5],
    ['hvad er en', 1.5], ['hvad er et', 1.5], ['hvad betyder', 1.5], ['hænger sammen', 1.5], ['hænger det sammen', 2],
    ['sammenhængen', 1.5], ['hvordan virker', 1.5], ['hvordan fungerer', 1.5], ['hvad bruges', 1.5], ['hvad skal jeg bruge', 1.5],
    ['står på bar bund', 2.5], ['mangler overblikket', 2], ['mangler det helt grundlæggende', 3], ['bruger det forkert', 2],
    ['gør det forkert', 1.5], ['laver fejl', 1], ['kan ikke finde ud af', 1], ['hvad de forskellige', 1.5], ['egentlig er til', 1.5],
    ['hvad modulerne', 1.5], ['hvilket modul', 1.5],
    ["don't understand", 2], ['do not understand', 2], ["don't really understand", 2], ["doesn't make sense", 1.5],
    ["i don't get", 2], ['never understood', 2.5], ['no idea', 2], ['no clue', 2], ['not sure how', 1], ["don't know how", 1.5],
    ["don't know what", 1.5], ["don't even know", 2], ['confused', 2], ['confusing', 1], ['lost in', 1.5], ['quite lost', 2],
    ['mixing up', 2], ['mixes up', 2], ['mix up', 1.5], ['the difference between', 2], ["what's the difference", 2.5],
    ['what is the difference', 2.5], ['what is a', 1.5], ["what's a", 1.5], ['what does', 1], ['fits together', 2],
    ['how it all fits', 2.5], ['how does', 1], ['how it works', 1.5], ['how they connect', 2], ['using it wrong', 2],
    ["can't figure", 1.5], ["can't get the hang", 2], ['get the hang', 1.5], ['what the different', 1.5], ['actually for', 1.5],
    ['which module', 1.5],
  ],
  teach: [
    ['=kursus', 2], ['kurset', 2], ['kurser', 2], ['grundkursus', 2], ['starter course', 2], ['undervisning', 2], ['undervise', 2], ['oplæring', 2], ['oplære', 2],
    ['lære os', 2], ['lære mig', 2], ['lære dem', 2], ['lære det', 1.5], ['vil gerne lære', 2], ['skal lære', 1.5], ['lærer at', 1.5],
    ['vise os', 1], ['vise mig', 1], ['introduktion', 2], ['workshop', 1.5], ['e-learning', 2],
    ['webinar', 1.5], ['forklare mig', 1.5], ['forklare os', 1.5], ['forklaret', 1], ['forklare hele', 2.5], ['forklare ideen', 2.5],
    ['onboarding', 2], ['=course', 2], ['=courses', 2], ['=training', 1.5], ['teach', 2], ['=learn', 1.5], ['learn it', 1.5],
    ['show me how', 1.5], ['show us how', 1.5], ['show me around', 2], ['introduction', 2], ['=induction', 2], ['tutorial', 1.5],
    ['explain to me', 1.5], ['explain the whole', 2.5], ['explain how', 1], ['explained', 1],
  ],
  experienced: [
    ['vi plejer', 2], ['jeg plejer', 2], ['plejer at', 1.5], ['som altid', 1.5], ['som vi altid', 2], ['altid gjort', 2],
    ['har kørt', 1.5], ['har virket', 1], ['i årevis', 2], ['i mange år', 2], ['i flere år', 2], ['i to år', 1.5], ['i tre år', 1.5],
    ['hver dag', 1], ['dagligt', 1], ['normalt', 1], ['kender godt', 1], ['=kender', 0.5], ['vi bruger', 0.5], ['har brugt', 0.5],
    ['we usually', 2], ['i usually', 2], ['as always', 1.5], ['as usual', 1.5], ['for years', 2], ['for two years', 2],
    ['every day', 1], ['daily', 1], ['normally', 1], ['has worked', 1], ['we know', 1], ['we use', 0.5], ["we've used", 1],
  ],
};

const MATCHER = new Lexicon<Label>(EVIDENCE_LEXICON);

/** Agent-facing names of the kinds (Danish, like the rest of the explanation). */
export const EVIDENCE_KIND_DA: Record<EvidenceKind, string> = {
  novice: 'ny bruger',
  start: 'ved ikke hvor man starter',
  whole: 'beder om gennemgang af et helt forløb',
  confusion: 'forstår ikke sammenhængen',
  teach: 'beder om at blive undervist',
  questions: 'flere grundlæggende spørgsmål i én mail',
};

export interface EvidenceCue {
  kind: EvidenceKind;
  /** The words as written in the mail, or e.g. "4 spørgsmål". */
  text: string;
}

export interface TrainingEvidence {
  /** Summed cue weights, each kind capped at 3 (so one long list of one kind cannot dominate). */
  score: number;
  /** Distinct kinds found; "missing basics" needs more than one kind of sign. */
  kinds: EvidenceKind[];
  /** The cues as written, strongest kinds first, at most two per kind. */
  cues: EvidenceCue[];
  /** Routine-describing wording ("vi plejer", "for years"), which speaks for support. */
  experience: number;
  /** Questions in the new text (question marks, or list items ending in one). */
  questions: number;
}

const KIND_CAP = 3;

/** Counts the questions in a text: question marks, at most one per line. */
function countQuestions(text: string): number {
  let n = 0;
  for (const line of text.split(/\r?\n/)) if (line.includes('?')) n += Math.min(2, (line.match(/\?/g) ?? []).length);
  return n;
}

/** Evidence of missing basics in a mail's new text (the subject is left out: it is often stale or misleading). */
export function trainingEvidence(newText: string): TrainingEvidence {
  const text = newText ?? '';
  const hits = MATCHER.match(tokenize(text, 600));
  const perKind = new Map<EvidenceKind, { score: number; texts: string[] }>();
  let experience = 0;
  for (const h of hits) {
    if (h.label === 'experienced') {
      experience += h.weight;
      continue;
    }
    const k = perKind.get(h.label) ?? { score: 0, texts: [] };
    k.score += h.weight;
    const t = h.raw.toLowerCase();
    // Keep the longest wording: "hele flowet" rather than "hele" and "flowet" separately.
    if (!k.texts.some((x) => x.includes(t))) {
      for (let i = k.texts.length - 1; i >= 0; i--) if (t.includes(k.texts[i]!)) k.texts.splice(i, 1);
      k.texts.push(t);
    }
    perKind.set(h.label, k);
  }
  const questions = countQuestions(text);
  if (questions >= 3) perKind.set('questions', { score: Math.min(KIND_CAP, questions - 1), texts: [`${questions} spørgsmål`] });
  const ranked = [...perKind.entries()].sort((a, b) => b[1].score - a[1].score || (a[0] < b[0] ? -1 : 1));
  const score = ranked.reduce((s, [, v]) => s + Math.min(KIND_CAP, v.score), 0);
  return {
    score: Math.round(score * 10) / 10,
    kinds: ranked.map(([k]) => k),
    cues: ranked.flatMap(([kind, v]) => v.texts.slice(0, 2).map((text) => ({ kind, text }))),
    experience,
    questions,
  };
}

/**
 * Signs strong enough to call it missing basics: at least two different kinds of sign, one
 * of them about the writer (new, confused, does not know where to start), and more of them
 * than of routine.
 */
export function missingBasics(e: TrainingEvidence): boolean {
  const personal = e.kinds.some((k) => k === 'novice' || k === 'confusion' || k === 'start');
  return personal && e.kinds.length >= 2 && e.score >= 4 && e.score > e.experience + 1;
}

/**
 * The evidence as model features: one token per kind present, one for the strength
 * (number of kinds), one for many questions, one for routine wording. The model learns
 * their weights like any other feature; they let it generalise from "ny medarbejder" to
 * "lærling" and "vikar" without having seen each in every module.
 */
export function evidenceSignals(e: TrainingEvidence): string[] {
  const out = e.kinds.map((k) => `ev:${k}`);
  if (e.kinds.length >= 2) out.push('ev:kinds2');
  if (e.kinds.length >= 3) out.push('ev:kinds3');
  if (missingBasics(e)) out.push('ev:basics');
  if (e.experience >= 2) out.push('ev:experienced');
  return out;
}

/** "ny bruger ("lærling"); flere grundlæggende spørgsmål i én mail (4 spørgsmål)" — for agents. */
export function describeEvidence(e: TrainingEvidence, max = 3): string[] {
  const byKind = new Map<EvidenceKind, string[]>();
  for (const c of e.cues) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c.text]);
  return [...byKind.entries()]
    .slice(0, max)
    .map(([kind, texts]) => (kind === 'questions' ? `${EVIDENCE_KIND_DA[kind]} (${texts[0]})` : `${EVIDENCE_KIND_DA[kind]} (${texts.map((t) => `"${t}"`).join(', ')})`));
}
