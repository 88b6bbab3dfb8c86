import type { AgreementKind, Language, ReplyKind, SenderStatus, Topic } from '../../domain/vocabulary';

export { REPLY_KINDS, type ReplyKind } from '../../domain/vocabulary';

/** Everything a reply template may use. Built by the reply stage; preview.json files hold samples. */
export interface ReplyContext {
  language: Language;
  kind: ReplyKind;
  /** e.g. "basis", "included", "billable", "unknown-sender", or null. */
  variant: string | null;
  ticket: { reference: string; subject: string };
  recipient: { name: string | null; address: string };
  senderStatus: SenderStatus;
  company: { name: string } | null;
  agreement: { kind: AgreementKind } | null;
  /** The company's registered support contacts (named in not-registered replies). */
  contacts: { name: string; address: string }[];
  /** The contacts receive a copy of this reply (CC_CONTACTS_ON_NOT_REGISTERED). */
  contactsCopied: boolean;
  topic: Topic | null;
  /**
   * Help-centre articles listed in the reply (support questions only, src/domain/self-help.ts);
   * absent or empty: none. render() treats a missing list as empty.
   */
  articles?: { title: string; url: string }[];
  /**
   * The course of a training offer with dates, and of the booking replies (src/courses/offer.ts):
   * absent or null: no course (the training offer keeps its generic text). render() treats a
   * missing one as null.
   */
  course?: CourseReplyContext | null;
  /** For oversize notices: the size received and the limit, in bytes. */
  size?: { received: number; limit: number };
}

export interface RenderedReply {
  subject: string;
  text: string;
  html: string;
}

/** One numbered course date as a reply lists it (src/courses/offer.ts OfferLine). */
export interface CourseLineContext {
  n: number;
  when: string;
  place: string;
  seats: string;
  price: string;
  text: string;
}

export interface CourseReplyContext {
  title: string;
  /** The numbered dates (the offer; the remaining ones after a full date; the offer again when unclear). */
  lines: CourseLineContext[];
  /** "1, 2 eller 3" / "1, 2 or 3". */
  choices: string;
  /** The booked date (confirmation and the course team's notice). */
  booked?: { when: string; place: string; price: string; seatsLeft: number } | null;
  /** The date the customer chose (course-full); `gone`: it has started or was removed, rather than filled up. */
  chosen?: { n: number; when: string; gone: boolean } | null;
}
