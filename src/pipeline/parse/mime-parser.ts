/**
 * Runs mailparser's streaming MailParser over a raw message and collects what parseMail needs:
 * raw header lines, body text/HTML, attachment metadata (size + sha256, content discarded).
 *
 * Why not simpleParser: mailparser passes a text part with no charset or a us-ascii/utf-8 label
 * straight through `Buffer#toString()` and decodes unknown charsets as UTF-8, so æøå in the
 * common mislabelled Danish mail become U+FFFD before we can see the bytes. The subclass below
 * re-routes exactly those parts through a decoder that applies the fallbacks in ./charset.ts.
 * It overrides two methods mailparser marks @internal (createNode, getDecoder); if a future
 * mailparser renames them the overrides are simply never called and the charset fixture tests in
 * test/unit/parse fail, instead of parsing breaking.
 */
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { MailParser } from 'mailparser';
import type { AttachmentStream, MailParserOptions, MessageText } from 'mailparser';
import { classifyCharset, decodeBytes, type CharsetClass } from './charset';
import type { RawHeaderLine } from './headers';
import { PARSE_LIMITS } from './limits';

export interface RawAttachment {
  filename: string | undefined;
  contentType: string;
  disposition: string | undefined;
  contentId: string | undefined;
  related: boolean;
  size: number;
  sha256: string;
}

export interface MimeResult {
  headerLines: RawHeaderLine[];
  text: string;
  html: string | null;
  attachments: RawAttachment[];
  warnings: string[];
}

/** Marks a part whose label mailparser would not decode, so getDecoder sees it (never on the wire). */
const RECHECK = 'x-servicedesk-recheck;';

interface InternalNode {
  decoder?: unknown;
  isAttachment?: boolean;
  charset?: string;
  contentType?: string;
}
interface DecoderFactory {
  decodeStream(charset: string): Transform;
}
interface Internals {
  createNode(this: MailParser, node: unknown): InternalNode;
  getDecoder(this: MailParser): DecoderFactory;
}
const BASE = MailParser.prototype as unknown as Internals;

/**
 * Buffers one part and decodes it once all bytes are known. Only the first
 * PARSE_LIMITS.partBytes are kept: the rest is read and dropped (with a warning).
 */
class FallbackDecoder extends Transform {
  private chunks: Buffer[] = [];
  private kept = 0;
  private cut = false;
  constructor(
    private readonly cls: CharsetClass,
    private readonly warn: (w: string) => void,
  ) {
    super();
  }
  override _transform(chunk: Buffer | string, _enc: BufferEncoding, done: TransformCallback): void {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    const room = PARSE_LIMITS.partBytes - this.kept;
    if (room > 0) {
      const part = buf.length <= room ? buf : buf.subarray(0, room);
      this.chunks.push(part);
      this.kept += part.length;
    }
    if (buf.length > room) this.cut = true;
    done();
  }
  override _flush(done: TransformCallback): void {
    const decoded = decodeBytes(Buffer.concat(this.chunks), this.cls, 'body charset');
    this.chunks = [];
    if (decoded.warning) this.warn(decoded.warning);
    if (this.cut) this.warn(`text part longer than ${PARSE_LIMITS.partBytes} bytes: the rest was not read`);
    done(null, Buffer.from(decoded.text, 'utf8'));
  }
}

class CharsetRepairingParser extends MailParser {
  readonly charsetWarnings: string[] = [];

  /**
   * Overrides mailparser's internal createNode: an inline text part with no charset or a
   * us-ascii/utf-8 label is never charset-decoded by mailparser, so relabel it to reach getDecoder.
   */
  createNode(node: unknown): InternalNode {
    const created = BASE.createNode.call(this, node);
    if (created && created.decoder && created.isAttachment === false && classifyCharset(created.charset).kind === 'utf8') {
      created.charset = RECHECK + (created.charset ?? '');
    }
    return created;
  }

  /**
   * Overrides mailparser's internal getDecoder: relabelled, Western and unknown charsets go through
   * FallbackDecoder; everything else (multi-byte, Japanese, refused UTF-7) stays with libmime.
   */
  getDecoder(): DecoderFactory {
    const original = BASE.getDecoder.call(this);
    return {
      decodeStream: (charset: string): Transform => {
        const label = charset.startsWith(RECHECK) ? charset.slice(RECHECK.length) : charset;
        const cls = classifyCharset(label);
        if (cls.kind === 'delegate') return original.decodeStream(label);
        return new FallbackDecoder(cls, (w) => this.charsetWarnings.push(w));
      },
    };
  }
}

const OPTIONS: MailParserOptions = {
  // We convert HTML ourselves (./html-text.ts) and never need textAsHtml, links or inlined images.
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
  checksumAlgo: 'sha256',
};

/** Resolve with the collected parts; reject on a parser error or when nothing happens for `stallMs`. */
export function parseMime(raw: Buffer, stallMs = 20_000): Promise<MimeResult> {
  return new Promise<MimeResult>((resolve, reject) => {
    const parser = new CharsetRepairingParser(OPTIONS);
    const attachments: RawAttachment[] = [];
    let headerLines: RawHeaderLine[] | null = null;
    let text = '';
    let html: string | null = null;
    let settled = false;
    const settle = (err: unknown, result?: MimeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        parser.destroy();
        reject(err instanceof Error ? err : new Error(String(err)));
      } else resolve(result!);
    };
    // A watchdog, not a CPU limit: it catches a parser that stops emitting (a stream bug), and is
    // unref'd so it never keeps the process alive.
    const arm = (): NodeJS.Timeout => setTimeout(() => settle(new Error(`mail parser stalled for ${stallMs} ms`)), stallMs).unref();
    let timer = arm();
    const progress = (): void => {
      clearTimeout(timer);
      timer = arm();
    };

    parser.on('headerLines', (lines) => {
      headerLines ??= lines.map((l) => ({ key: l.key, line: l.line }));
    });
    parser.on('data', (data: AttachmentStream | MessageText) => {
      progress();
      if (data.type === 'text') {
        text = typeof data.text === 'string' ? data.text : '';
        html = typeof data.html === 'string' ? data.html : null;
        return;
      }
      const att = data;
      att.content.on('error', (err: unknown) => settle(err));
      att.content.on('data', progress); // drained and dropped: only size and hash are kept
      att.content.on('end', () => {
        attachments.push({
          filename: att.filename,
          contentType: (att.contentType || 'application/octet-stream').toLowerCase(),
          disposition: att.contentDisposition,
          contentId: att.contentId,
          related: att.related === true,
          size: att.size ?? 0,
          sha256: att.checksum ?? '',
        });
        att.release?.();
      });
    });
    parser.on('error', (err: unknown) => settle(err));
    parser.on('end', () => {
      const lines = headerLines ?? (parser.headerLines || []).map((l) => ({ key: l.key, line: l.line }));
      settle(null, { headerLines: lines, text, html, attachments, warnings: parser.charsetWarnings });
    });
    // Fed in slices (views, not copies) with backpressure: handing mailparser a 55 MB buffer in
    // one write made it hold ~300 MB of intermediate chunks; slices keep that to ~20 MB.
    if (raw.length <= SLICE) {
      try {
        parser.end(raw);
      } catch (err) {
        settle(err);
      }
      return;
    }
    const source = Readable.from(slices(raw), { objectMode: false });
    source.on('error', (err) => settle(err));
    source.pipe(parser);
  });
}

const SLICE = 64 * 1024;
function* slices(raw: Buffer): Generator<Buffer> {
  for (let o = 0; o < raw.length; o += SLICE) yield raw.subarray(o, o + SLICE);
}
