import type { Category, Language, Topic } from '../../domain/vocabulary';

/** What the classifier looks at: the new text and the headers, never the quoted history. */
export interface ClassifierInput {
  subject: string;
  /** Text without quoted history and signature (ParsedInbound.newText). */
  newText: string;
  /** Lower-cased header name → values (ParsedInbound.headers). May be empty. */
  headers: Record<string, string[]>;
  fromAddress: string | null;
  contentType: string;
  attachmentNames: string[];
}

export interface Classification {
  category: Category;
  /** Calibrated probability that `category` is right, 0..1. */
  confidence: number;
  language: Language;
  topic: Topic;
  /** Short sentences an agent can read: which phrases or headers decided, and why. */
  explanation: string[];
  /** Probability per category (sums to 1). */
  scores: Record<Category, number>;
  /** Which part decided: automatic-mail headers, the spam verdict, or the trained model. */
  method: 'headers' | 'spam-verdict' | 'model' | 'rules';
  /**
   * Why the mail looks like a training need (evidence.ts): the signs of missing basics, as
   * sentences for agents and the training-offer report. Empty when there are none.
   */
  trainingEvidence?: string[];
  /**
   * How much the mail looks like automatic, bulk, sales or fraudulent mail, whatever the
   * category: the text's noise wording (rules baseline score), the model's p(noise), and the
   * words. The reply policy uses it to stay silent towards unknown senders.
   */
  noiseSuspicion?: { textScore: number; pNoise: number; phrases: string[] };
}
