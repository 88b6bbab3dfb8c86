import { Agreement } from './agreement';
import { ApiToken } from './api-token';
import { ClassificationCorrection } from './classification-correction';
import { Company } from './company';
import { ContactAddress } from './contact-address';
import { Course } from './course';
import { CourseBooking } from './course-booking';
import { CourseDate } from './course-date';
import { CourseOffer } from './course-offer';
import { HelpArticle } from './help-article';
import { HelpGeneration } from './help-generation';
import { InboundMail } from './inbound-mail';
import { LoginFailure } from './login-failure';
import { MailboxCursor } from './mailbox-cursor';
import { MailViewRow } from './mail-view';
import { OutboxReply } from './outbox-reply';
import { PhoneCall } from './phone-call';
import { RegistryGeneration } from './registry-generation';
import { ReportRun } from './report-run';
import { Session } from './session';
import { SupportContact } from './support-contact';
import { Ticket } from './ticket';
import { TicketMessage } from './ticket-message';
import { User } from './user';
import { WorkerLease } from './worker-lease';

/** Every entity, for the DataSource. (Code imports an entity from its own file.) */
export const ENTITIES = [
  Agreement,
  ApiToken,
  ClassificationCorrection,
  Company,
  ContactAddress,
  Course,
  CourseBooking,
  CourseDate,
  CourseOffer,
  HelpArticle,
  HelpGeneration,
  InboundMail,
  LoginFailure,
  MailboxCursor,
  MailViewRow,
  OutboxReply,
  PhoneCall,
  RegistryGeneration,
  ReportRun,
  Session,
  SupportContact,
  Ticket,
  TicketMessage,
  User,
  WorkerLease,
];
