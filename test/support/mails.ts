import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';

export interface TestMail {
  from: string;
  subject: string;
  text?: string;
  html?: string;
  to?: string;
  messageId?: string | null;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
  date?: Date;
}

/** A real RFC 822 mail built by nodemailer's composer, with a unique Message-ID by default. */
export async function buildMail(m: TestMail): Promise<{ raw: Buffer; messageId: string | null }> {
  const messageId = m.messageId === null ? null : m.messageId ?? `${randomUUID()}@test.example`;
  const composer = new MailComposer({
    from: m.from,
    to: m.to ?? 'support@microbizz.dk',
    subject: m.subject,
    text: m.text,
    html: m.html,
    messageId: messageId ? `<${messageId}>` : undefined,
    inReplyTo: m.inReplyTo ? `<${m.inReplyTo}>` : undefined,
    references: m.references?.map((r) => `<${r}>`),
    headers: m.headers,
    date: m.date ?? new Date(),
  });
  let raw: Buffer = await new Promise((resolve, reject) => composer.compile().build((err, msg) => (err ? reject(err) : resolve(msg))));
  if (messageId === null) raw = Buffer.from(raw.toString('latin1').replace(/^Message-ID:.*\r\n/im, ''), 'latin1');
  return { raw, messageId };
}

/** A few human mails of each category, from the test registry's senders. */
export const HUMAN_MAILS: TestMail[] = [
  {
    from: 'Mette Fjordby <mette@fjordby-el.dk>',
    subject: 'Appen lukker ned',
    text: 'Hej\n\nSiden i morges lukker appen ned på alle vores telefoner, når montørerne åbner en opgave. Vi får fejlbeskeden "Der opstod en uventet fejl". Det er kritisk, da de ikke kan registrere tid.\n\nMvh\nMette',
  },
  {
    from: 'Søren Havn <soeren@havnens-vvs.dk>',
    subject: 'Kreditnota',
    text: 'Hej support\n\nHvordan laver jeg en kreditnota på en faktura, der allerede er sendt til kunden? Vi bruger den normale fakturaflow.\n\nVenlig hilsen\nSøren',
  },
  {
    from: 'Lise Skovgaard <lise@skovgaard-rent.dk>',
    subject: 'Kursus for nye medarbejdere',
    text: 'Hej\n\nVi har fået tre nye planlæggere, og de har aldrig brugt Microbizz. Kan I tilbyde et kursus eller en gennemgang af hele planlægningsmodulet fra bunden?\n\nHilsen Lise',
  },
  {
    from: 'Jens Holm <jh@fjordby-el.dk>',
    subject: 'Please change our invoice layout',
    text: 'Hi,\n\nWe would like you to change our invoice layout so the logo is on the right and add our bank details in the footer. Please send us a quote for the work.\n\nBest regards\nJens Holm',
  },
];
