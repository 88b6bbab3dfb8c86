import { Agreement } from './agreement';
import { ClassificationCorrection } from './classification-correction';
import { Company } from './company';
import { ContactAddress } from './contact-address';
import { InboundMail } from './inbound-mail';
import { MailboxCursor } from './mailbox-cursor';
import { OutboxReply } from './outbox-reply';
import { PhoneCall } from './phone-call';
import { ReportRun } from './report-run';
import { SupportContact } from './support-contact';
import { Ticket } from './ticket';
import { TicketMessage } from './ticket-message';

export {
  Agreement,
  ClassificationCorrection,
  Company,
  ContactAddress,
  InboundMail,
  MailboxCursor,
  OutboxReply,
  PhoneCall,
  ReportRun,
  SupportContact,
  Ticket,
  TicketMessage,
};

export const ENTITIES = [
  Agreement,
  ClassificationCorrection,
  Company,
  ContactAddress,
  InboundMail,
  MailboxCursor,
  OutboxReply,
  PhoneCall,
  ReportRun,
  SupportContact,
  Ticket,
  TicketMessage,
];
