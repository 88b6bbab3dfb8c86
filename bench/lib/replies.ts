/**
 * The replies the worker sends, as the measurements see them: collected from the SMTP sink as
 * it accepts them, and matched to the mails we appended by In-Reply-To. Every tool that times
 * append → reply (the bench, `npm run outage`, `npm run hostile`) waits for replies this way.
 */
import type { ReceivedHeaders, SmtpSink } from '../../harness/smtp-sink';
import { sleep } from './stats';

/**
 * The measurements' SMTP sink reads only each reply's header block, not the whole MIME tree:
 * with simpleParser on every reply the benchmark process took ~2.3 ms CPU per mail, with the
 * header block ~1 ms, on the same 2 cores as the worker under test.
 */
export type BenchSink = SmtpSink<ReceivedHeaders>;

export interface Reply {
  /** When the sink accepted it (epoch ms). */
  at: number;
  /** The Message-ID it answers, without angle brackets (as BenchMail.messageId). */
  inReplyTo: string;
  /** X-Servicedesk-Reply: kind[/variant]. */
  kind: string;
  to: string[];
}

/** The replies to one mail: the first to arrive and how many arrived. */
export interface Answer {
  first: Reply;
  count: number;
}

/** Collects replies as the sink accepts them (and empties the sink so it does not hold 5,000 mails). */
export class ReplyLog {
  readonly replies: Reply[] = [];
  private readonly timer: NodeJS.Timeout;
  constructor(private readonly sink: BenchSink) {
    this.timer = setInterval(() => this.drain(), 20);
  }
  drain(): void {
    for (const m of this.sink.messages) {
      this.replies.push({
        at: m.receivedAt.getTime(),
        inReplyTo: (m.headers.get('in-reply-to') ?? '').replace(/[<>\s]/g, ''),
        kind: m.headers.get('x-servicedesk-reply') ?? '',
        to: m.envelopeTo,
      });
    }
    this.sink.clear();
  }
  get count(): number {
    this.drain();
    return this.replies.length;
  }
  /** The replies so far to each of `ids` (Message-IDs without brackets) that has one. */
  answersTo(ids: ReadonlySet<string>): Map<string, Answer> {
    this.drain();
    const answers = new Map<string, Answer>();
    for (const r of this.replies) {
      if (!ids.has(r.inReplyTo)) continue;
      const a = answers.get(r.inReplyTo);
      if (a) a.count++;
      else answers.set(r.inReplyTo, { first: r, count: 1 });
    }
    return answers;
  }
  /**
   * Polls answersTo(ids) every `pollMs` until `done` (by default: every id has a reply) or
   * until `deadline` (epoch ms) has passed; returns the last answers either way.
   */
  async waitForAnswers(
    ids: ReadonlySet<string>,
    deadline: number,
    pollMs: number,
    done: (answers: Map<string, Answer>) => boolean = (a) => a.size >= ids.size,
  ): Promise<Map<string, Answer>> {
    for (;;) {
      const answers = this.answersTo(ids);
      if (done(answers) || Date.now() >= deadline) return answers;
      await sleep(pollMs);
    }
  }
  stop(): void {
    clearInterval(this.timer);
    this.drain();
  }
}

/** All replies in `answers`, a doubled reply counted twice. */
export function totalReplies(answers: Map<string, Answer>): number {
  let n = 0;
  for (const a of answers.values()) n += a.count;
  return n;
}
