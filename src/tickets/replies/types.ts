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
  /** For oversize notices: the size received and the limit, in bytes. */
  size?: { received: number; limit: number };
}

export interface RenderedReply {
  subject: string;
  text: string;
  html: string;
}
