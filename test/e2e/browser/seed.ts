import type { TestMail } from '../../support/mails';
import { HUMAN_MAILS } from '../../support/mails';

/**
 * A realistic morning in the support mailbox, run through the real pipeline: registered
 * contacts, a colleague who is not a contact, an unknown sender, something the classifier is
 * unsure of, a newsletter (filtered) and a mail without a sender (quarantined).
 */
export const MORNING: TestMail[] = [
  ...HUMAN_MAILS,
  {
    from: 'Søren Havn <soeren@havnens-vvs.dk>',
    subject: 'Rabat på 50% vises forkert på fakturaen',
    text: 'Hej\n\nNår vi giver 50% rabat på en ordrelinje, viser fakturaen kun 5%. Hvordan får vi fakturaen til at vise den rigtige rabat?\n\nVenlig hilsen\nSøren',
  },
  {
    from: 'Kontoret <kontor@havnens-vvs.dk>',
    subject: 'Timesedler eksporteres ikke til lønsystemet',
    text: 'Hej\n\nSiden opdateringen i går bliver timesedlerne ikke eksporteret til lønsystemet. Vi får fejlen "Eksport mislykkedes (kode 500)". Lønnen skal køres fredag.\n\nMvh\nBogholderiet',
  },
  {
    from: 'Peter Nørgaard <peter@norgaard-tag.dk>',
    subject: 'Hvordan opretter man en ny bruger?',
    text: 'Hej\n\nVi er lige startet med Microbizz. Hvordan opretter jeg en ny bruger til en montør, og hvilke rettigheder skal han have for at kunne se sine opgaver i appen?\n\nVenlig hilsen\nPeter Nørgaard\nNørgaard Tag ApS',
  },
  {
    from: 'Lise Skovgaard <lise@skovgaard-rent.dk>',
    subject: 'Ang. i går',
    text: 'Hej igen\n\nKan I ringe mig op, når I har et øjeblik?\n\nLise',
  },
];

export const NEWSLETTER: TestMail = {
  from: 'Branchenyt <nyhedsbrev@branchenyt.example>',
  subject: 'Ugens nyheder: nye regler for timesedler',
  text: 'Læs ugens nyheder fra branchen.',
  headers: { 'List-Unsubscribe': '<mailto:afmeld@branchenyt.example>', Precedence: 'bulk' },
};

export const NO_SENDER = Buffer.from(
  'Subject: Ordrebekræftelse 4711\r\nMessage-ID: <no-sender-4711@test.example>\r\nDate: Fri, 27 Nov 2026 07:12:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nVedhæftet ordrebekræftelse.\r\n',
);

/**
 * A phishing mail dressed up as a registered contact: our own receiving server
 * (TRUSTED_AUTHSERV_IDS=mx.microbizz.dk) says DMARC failed for fjordby-el.dk.
 */
export const FORGED: TestMail = {
  from: 'Mette Fjordby <mette@fjordby-el.dk>',
  subject: 'Ny bankkonto til jeres fakturaer',
  text: 'Hej\n\nVi har skiftet bank. Betal fremover vores fakturaer til konto 1234-5678901 og bekræft ændringen hurtigst muligt.\n\nMette',
  headers: { 'Authentication-Results': 'mx.microbizz.dk; spf=fail smtp.mailfrom=evil.example; dkim=none; dmarc=fail (p=none) header.from=fjordby-el.dk' },
};
