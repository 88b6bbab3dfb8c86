import type { AgreementKind, Language, SenderStatus, Topic } from '../../shared/domain';

/**
 * The template folders under templates/. The value of the X-Servicedesk-Reply header is
 * `<kind>` or `<kind>/<variant>` (e.g. "support/basis", "error/unknown-sender").
 */
export const REPLY_KINDS = [
  'error',
  'support',
  'training-offer',
  'service-request',
  'unknown-sender',
  'not-registered',
  'needs-triage',
  'oversize',
] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];

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
  /** For oversize notices: the size received and the limit, in bytes. */
  size?: { received: number; limit: number };
}

export interface RenderedReply {
  subject: string;
  text: string;
  html: string;
}
