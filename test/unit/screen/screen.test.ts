import { parseMail } from '../../../src/pipeline/parse/parse-mail';
import { screenMail } from '../../../src/pipeline/screen';
import type { SenderTrust } from '../../../src/pipeline/match/sender-trust';
import { reason } from '../../../src/domain/reasons';

const OPTS = { messageIdDomain: 'microbizz.dk', ownAddresses: ['support@microbizz.dk'], ownDomains: ['microbizz.dk'] };
const mail = (from: string, extra = '') => parseMail(Buffer.from(`From: ${from}\r\nTo: support@microbizz.dk\r\nSubject: Hej\r\nMessage-ID: <x1@kunde.dk>\r\n${extra}\r\nHej, appen virker ikke.\r\n`));
const verified: SenderTrust = { verdict: 'verified', reason: reason('trust.dmarc_pass', { domain: 'x.dk' }) };
const unverified: SenderTrust = { verdict: 'unverified', reason: reason('trust.no_results') };

describe('screenMail: mail claiming to be from us is never answered', () => {
  it('our own address, in any case, is ignored even with a DMARC pass', async () => {
    const s = screenMail(await mail('Servicedesk <SUPPORT@Microbizz.DK>'), verified, OPTS);
    expect(s).toMatchObject({ kind: 'finish', state: 'ignored', suspicious: true });
  });
  it('another address of our domain: ignored without a pass, a person with one', async () => {
    expect(screenMail(await mail('Kursus <kursus@microbizz.dk>'), unverified, OPTS)).toMatchObject({ kind: 'finish', state: 'ignored', reason: expect.stringMatching(/own domain.*no Authentication-Results from our receiving server/) });
    expect(screenMail(await mail('Kursus <kursus@microbizz.dk>'), verified, OPTS)).toMatchObject({ kind: 'human' });
  });
  it('a bounce from our own mail server is still a bounce (marked, not ignored as "ours")', async () => {
    const s = screenMail(await mail('MAILER-DAEMON@mail.microbizz.dk', 'Content-Type: text/plain\r\nAuto-Submitted: auto-replied\r\n'), unverified, OPTS);
    expect(s).toMatchObject({ kind: 'finish', state: 'ignored', reason: expect.stringMatching(/automatic/) });
  });
  it('a customer is a person to look at', async () => {
    expect(screenMail(await mail('Mette <mette@fjordby-el.dk>'), verified, OPTS)).toMatchObject({ kind: 'human' });
  });
});
