/**
 * Puts customer HTML into a shape the HTML tools can handle in time linear in its size.
 *
 * html-to-text and sanitize-html both build a DOM and walk it; nesting is where they go wrong:
 * 280,000 nested <b> (2 MB) took html-to-text 43 s, and htmlparser2's own Parser 45 s (it keeps
 * its element stack with Array#unshift). This pass uses only htmlparser2's Tokenizer (linear)
 * and keeps its own stack, and writes the HTML out again with
 *  - at most `maxDepth` levels of elements (deeper tags are dropped, their text kept),
 *  - no <script>, <style>, <head>, <title>, <template> or <noscript> subtrees, no comments,
 *    CDATA, declarations or processing instructions (none of it is ever shown or classified),
 *  - at most `maxChars` characters of output (the rest is cut, with a flag).
 * A closing tag looks for its element among the innermost CLOSE_SEARCH open ones only, so
 * stray closing tags cannot make it quadratic either. Text and attribute values are
 * re-escaped: the output is well-formed for both tools. Pure.
 */
import { Tokenizer } from 'htmlparser2';
import { escapeAttribute, escapeText } from 'entities';

export interface HtmlShapeLimits {
  maxDepth: number;
  maxChars: number;
}

export const HTML_LIMITS: HtmlShapeLimits = { maxDepth: 64, maxChars: 1_000_000 };

export interface ShapedHtml {
  html: string;
  /** Elements left out because they were nested deeper than maxDepth. */
  droppedTags: number;
  truncated: boolean;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const SKIP = new Set(['script', 'style', 'head', 'title', 'template', 'noscript']);
const NAME = /^[a-z][a-z0-9-]{0,40}$/;
const ATTR = /^[a-z_:][a-z0-9_:.-]{0,60}$/;
const CLOSE_SEARCH = 64;

interface Open {
  tag: string;
  /** written (its closing tag is written too), dropped (too deep) or skipped (a SKIP subtree) */
  kind: 'w' | 'd' | 's';
}

export function shapeHtml(input: string, limits: HtmlShapeLimits = HTML_LIMITS): ShapedHtml {
  const out: string[] = [];
  let size = 0;
  let truncated = false;
  let written = 0; // open elements that were written (the depth of the output)
  let skipping = 0; // open SKIP elements (inside one, nothing is written)
  let dropped = 0;
  const stack: Open[] = [];
  const write = (s: string): void => {
    if (truncated || skipping > 0) return;
    if (size + s.length > limits.maxChars) {
      truncated = true;
      return;
    }
    out.push(s);
    size += s.length;
  };

  // The tag being opened, until its '>' (attributes collect meanwhile).
  let pending: { tag: string; attrs: string; name: string | null; value: string } | null = null;

  const close = (o: Open): void => {
    if (o.kind === 's') skipping--;
    else if (o.kind === 'w') {
      written--;
      if (!VOID.has(o.tag)) write(`</${o.tag}>`);
    }
  };
  const open = (tag: string, attrs: string, selfClosing: boolean): void => {
    let o: Open;
    if (skipping > 0 || SKIP.has(tag)) {
      o = { tag, kind: 's' };
      skipping++;
    } else if (written >= limits.maxDepth || !NAME.test(tag)) {
      o = { tag, kind: 'd' };
      dropped++;
    } else {
      write(`<${tag}${attrs}>`);
      o = { tag, kind: 'w' };
      written++;
    }
    if (VOID.has(tag) || selfClosing) close(o);
    else stack.push(o);
  };
  const finishAttr = (): void => {
    if (pending?.name !== null && pending?.name !== undefined) {
      if (ATTR.test(pending.name)) pending.attrs += ` ${pending.name}="${escapeAttribute(pending.value)}"`;
      pending.name = null;
      pending.value = '';
    }
  };

  const tokenizer = new Tokenizer(
    { decodeEntities: true },
    {
      onopentagname(start, end) {
        pending = { tag: input.slice(start, end).toLowerCase(), attrs: '', name: null, value: '' };
      },
      onattribname(start, end) {
        if (pending) pending.name = input.slice(start, end).toLowerCase();
      },
      onattribdata(start, end) {
        if (pending && pending.value.length < 8192) pending.value += input.slice(start, end);
      },
      onattribentity(cp) {
        if (pending && pending.value.length < 8192) pending.value += String.fromCodePoint(cp);
      },
      onattribend() {
        finishAttr();
      },
      onopentagend() {
        if (!pending) return;
        finishAttr();
        open(pending.tag, pending.attrs, false);
        pending = null;
      },
      onselfclosingtag() {
        if (!pending) return;
        finishAttr();
        open(pending.tag, pending.attrs, true);
        pending = null;
      },
      onclosetag(start, end) {
        const tag = input.slice(start, end).toLowerCase();
        const floor = Math.max(0, stack.length - CLOSE_SEARCH);
        for (let i = stack.length - 1; i >= floor; i--) {
          if (stack[i]!.tag !== tag) continue;
          // Everything opened inside it closes with it (implied end tags).
          while (stack.length > i) close(stack.pop()!);
          return;
        }
        // A closing tag with no open element near the top: ignored, as browsers do.
      },
      ontext(start, end) {
        write(escapeText(input.slice(start, end)));
      },
      ontextentity(cp) {
        write(escapeText(String.fromCodePoint(cp)));
      },
      oncdata() {},
      oncomment() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onend() {},
    },
  );
  tokenizer.write(input);
  tokenizer.end();
  while (stack.length) close(stack.pop()!);
  return { html: out.join(''), droppedTags: dropped, truncated };
}
