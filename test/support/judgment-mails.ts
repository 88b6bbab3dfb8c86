import type { TestMail } from './mails';

/**
 * Hand-written mails for the end-to-end test of the reply policy and the loop budget
 * (test/e2e/judgment.test.ts). None of them is in the training data.
 */

/** Spam, phishing and cold outreach from unknown domains, without any spam or bulk headers. */
export const UNWANTED: TestMail[] = [
  {
    from: 'Camilla Berg <camilla@vaekst-leads.dk>',
    subject: 'Flere opgaver til jeres kunder?',
    text: 'Hej\n\nVi skaffer kvalificerede kundeemner til softwarehuse, der sælger til el- og VVS-branchen, og I betaler kun for de møder, vi booker i jeres kalender.\n\nHar du tid til en kort og uforpligtende snak i næste uge?\n\nVenlig hilsen\nCamilla Berg\nVækst Leads ApS',
  },
  {
    from: 'Olivia Price <olivia@brightcontent-hub.com>',
    subject: 'Guest post for microbizz.dk',
    text: "Hi there,\n\nI'm a content writer and I'd love to contribute a guest post to your blog about digital tools for tradespeople. In return I'd only ask for one do-follow backlink in the author bio.\n\nWould you be open to it?\n\nBest,\nOlivia",
  },
  {
    from: 'Sanjay Rao <sanjay@nexgen-offshore.in>',
    subject: 'Dedicated developers at 60% lower cost',
    text: 'Dear Team,\n\nWe are an offshore development company with 300 engineers in Bangalore. We provide dedicated developers for SaaS products on monthly contracts.\n\nCan we schedule a quick call this week?\n\nRegards,\nSanjay Rao',
  },
  {
    from: 'Debitor <betaling@nordisk-opkraevning.com>',
    subject: 'Rykker: faktura 2026-3391 er forfalden',
    text: 'Kære kunde\n\nVi har endnu ikke modtaget betaling af faktura 2026-3391 på 7.480,00 kr. Betal senest i morgen for at undgå rykkergebyr og inkasso.\n\nBetal sikkert her: https://nordisk-opkraevning.com/betal/3391\n\nMed venlig hilsen\nDebitorafdelingen',
  },
  {
    from: 'OneDrive <deling@files-share-secure.net>',
    subject: 'Anne Holm har delt "Kontrakt 2026.pdf" med dig',
    text: 'Anne Holm har delt et dokument med dig.\n\nKontrakt 2026.pdf\n\nÅbn dokumentet her: https://files-share-secure.net/d/8812\n\nDu skal logge ind med din arbejdskonto for at se dokumentet.',
  },
  {
    from: 'IT Support <admin@mailbox-verify-center.com>',
    subject: 'Your password expires today',
    text: 'Dear user,\n\nThe password for support@microbizz.dk expires today. To keep your current password, confirm your account below:\n\nhttps://mailbox-verify-center.com/keep\n\nIf you do not confirm, your mailbox will be disabled.\n\nIT Support',
  },
  {
    from: 'Events <stand@byggemesse-nord.dk>',
    subject: 'Sidste stande på Byggemessen 2026',
    text: 'Kære Microbizz\n\nDer er kun få stande tilbage på Byggemessen 2026 i Aalborg. Book jeres stand inden fredag og få 15 % early bird-rabat.\n\nSe standene her: https://byggemesse-nord.dk/stande\n\nVenlig hilsen\nSalgsteamet',
  },
  {
    from: 'Jack Turner <jack@pipeline-growth.io>',
    subject: 'Re: Quick question',
    text: "Hi,\n\nJust bumping this to the top of your inbox. Are you the right person to talk to about outbound lead generation at Microbizz? If not, could you point me in the right direction?\n\nThanks,\nJack",
  },
];

/** Ten separate, different requests from one registered contact within the hour. */
export const TEN_REQUESTS: Array<Pick<TestMail, 'subject' | 'text'>> = [
  { subject: 'Kreditnota på to linjer', text: 'Hej\n\nKan man kreditere to linjer af en faktura i stedet for hele fakturaen? Det drejer sig om faktura 30112.\n\nMvh Søren' },
  { subject: 'Appen går ned ved billeder', text: 'Hej\n\nAppen lukker ned hos to af montørerne, når de tager et billede på en opgave. Det startede i morges.\n\nSøren' },
  { subject: 'Plads på planlægningskurset?', text: 'Hej\n\nHar I plads til vores nye planlægger på kurset i planlægning i april? Hun har aldrig brugt Microbizz.\n\nSøren' },
  { subject: 'Skift til udvidet aftale', text: 'Hej\n\nVi vil gerne skifte fra basisaftalen til den udvidede supportaftale fra næste måned.\n\nSøren' },
  { subject: 'Standard betalingsbetingelse', text: 'Hej\n\nHvor sætter jeg standard betalingsbetingelse til 14 dage for nye kunder?\n\nSøren' },
  { subject: 'Timer mangler i lønudtræk', text: 'Hej\n\nLønudtrækket for denne uge er tomt, selvom montørerne har registreret timer hver dag. Det virkede sidste uge.\n\nSøren' },
  { subject: 'Farve på opgavetype', text: 'Hej\n\nVi har oprettet en ny opgavetype "Varmepumper". Hvor giver jeg den en farve i planlægningen?\n\nSøren' },
  { subject: 'Ny bruger til lagermand', text: 'Hej\n\nVil I oprette en bruger til vores nye lagermand Ali (ali@havnens-vvs.dk) med samme rettigheder som mig?\n\nSøren' },
  { subject: 'Kørselsrapport', text: 'Hej\n\nFindes der en rapport, der viser kørte kilometer pr. montør pr. måned? Jeg kan ikke finde den under rapporter.\n\nSøren' },
  { subject: 'Dinero-overførsel stoppet', text: 'Hej\n\nFakturaerne bliver ikke overført til Dinero mere. Der står "Forbindelse afvist" ved alle fakturaer fra i dag.\n\nSøren' },
];

/** Training needs from registered contacts (the training-offer report must list each). */
export const TRAINING_NEEDS: TestMail[] = [
  {
    from: 'Lise Skovgaard <lise@skovgaard-rent.dk>',
    subject: 'Ny holdleder',
    text: 'Hej\n\nVi har en ny holdleder, der aldrig har brugt Microbizz. Hun forstår ikke hvordan tjek ind, besøg og timer hænger sammen. Kan I give hende en gennemgang af det hele?\n\nHilsen Lise',
  },
  {
    from: 'Karsten Østerlund <k.oesterlund@hotmail.com>',
    subject: 'quick question',
    text: "Hi,\n\nI took over the office last month and I honestly don't understand how jobs become invoices in Microbizz. Where do I even start? Could someone walk me through the whole flow?\n\nKarsten",
  },
  {
    from: 'Mette Fjordby <mette@fjordby-el.dk>',
    subject: 'Lærlinge og appen',
    text: 'Hej\n\nVi har fået to lærlinge, som skal lære appen fra bunden: opgaver, timer, materialer og billeder. Har I et kursus for nye brugere?\n\nMvh Mette',
  },
];

/** A registered contact's two-line outage question from a phone (rule S7: an error, not support, not triage). */
export const OUTAGE_ONE_LINER: TestMail = {
  from: 'Jens Holm <jh@fjordby-el.dk>',
  subject: 'system down?',
  text: 'is the system down? none of us can get in\n\nSent from my iPhone',
};

/** Someone unknown who clearly asks for help: may be a customer from a new address, so answered. */
export const STRANGER_ASKING: TestMail = {
  from: 'Peter Juul <peter.juul72@gmail.com>',
  subject: 'Kan ikke logge ind',
  text: 'Hej\n\nDet er Peter fra Juul El. Jeg skriver fra min private mail, fordi ingen af os kan logge ind i Microbizz i dag. Vi får fejlbeskeden "Konto spærret", selvom koden er rigtig.\n\nMvh Peter Juul',
};

/**
 * A customer's own integration monitor (the customer's domain, not a registered contact) that
 * reports the same failure again and again, without threading: it reads as an error report, so
 * the first ones are answered and the loop budget has to stop it. (The same mail from a stranger's
 * domain may get no reply at all: the model sees some noise in it, and strangers whose mail looks
 * automatic are not answered.)
 */
export const LOOPING_BOT: TestMail = {
  from: 'Integration Monitor <monitor@havnens-vvs.dk>',
  subject: 'Fejl i ordreoverførsel',
  text: 'Overførslen af ordrer til Microbizz fejlede med HTTP 500. Ordrerne ligger i kø og bliver ikke synkroniseret. Kontakt venligst supporten.\n',
};
