/**
 * HTML → plain text for HTML-only mail. Tuned for what mail clients produce rather than web pages:
 * no link targets or image placeholders (noise for the classifier), table cells separated instead
 * of glued together ("NavnAnna"), Outlook's `p.MsoNormal` lines kept single-spaced, blockquotes
 * prefixed with "> " so the quote splitter can see them.
 */
import { compile, type HtmlToTextOptions } from 'html-to-text';

/**
 * Longer HTML is cut before conversion (html-to-text would otherwise log to stderr). The parse
 * stage has already shaped the HTML (html-shape.ts: bounded depth and length), which is what
 * keeps this linear; these limits are the converter's own second line.
 */
const MAX_HTML_CHARS = 2_000_000;

const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  limits: { maxInputLength: MAX_HTML_CHARS + 1, maxDepth: 200, ellipsis: '…' },
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'head', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'title', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
    // Outlook writes every line as <p class=MsoNormal> with zero margins and empty <p>&nbsp;</p>
    // for blank lines; the default two line breaks per paragraph would double-space everything.
    { selector: 'p.MsoNormal', format: 'paragraph', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'div.MsoNormal', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'table', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'tr', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'td', format: 'inlineSurround', options: { suffix: '  ' } },
    { selector: 'th', format: 'inlineSurround', options: { suffix: '  ' } },
    { selector: 'ul', options: { itemPrefix: ' - ' } },
  ],
};

const convert = compile(OPTIONS);

export interface HtmlText {
  text: string;
  warning: string | null;
}

export function htmlToPlainText(html: string): HtmlText {
  let warning: string | null = null;
  let input = html;
  if (input.length > MAX_HTML_CHARS) {
    input = input.slice(0, MAX_HTML_CHARS);
    warning = `html longer than ${MAX_HTML_CHARS} characters: converted the first part only`;
  }
  try {
    const text = convert(input)
      .split('\n')
      .map((line) => line.replace(/[ \t\u00a0]+$/, ''))
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    return { text, warning };
  } catch (err) {
    return { text: '', warning: `html could not be converted to text: ${(err as Error).message}` };
  }
}
