import sanitizeHtml from 'sanitize-html';

/**
 * Customer HTML made safe to show an agent. Pure. Defence in depth: this removes every way
 * HTML can run code or load something (scripts, event handlers, javascript: and other
 * schemes, CSS expression()/url(), <svg>, <iframe>, <form>, <style>, <base>, <meta>), and
 * the result is still shown in a sandboxed frame under a Content-Security-Policy (csp.ts)
 * that would stop anything that slipped through.
 *
 * Remote images are tracking pixels as often as content: they are blocked unless the agent
 * asked for them, and then only the origins returned here are put into img-src.
 */
export interface SanitizeOptions {
  /** The agent clicked "vis billeder": keep http(s) image sources. */
  allowRemoteImages: boolean;
  /** Content-ID (no brackets) → data: URI of an inline image part of the same mail. */
  inlineImages?: Record<string, string>;
}

export interface SanitizedMail {
  html: string;
  /** Remote images left out (allowRemoteImages false) or kept (true). */
  remoteImages: number;
  /** Origins of the kept remote images, for the CSP's img-src. */
  remoteOrigins: string[];
}

const TAGS = [
  'a', 'abbr', 'address', 'b', 'bdi', 'bdo', 'big', 'blockquote', 'br', 'caption', 'center', 'cite', 'code', 'col', 'colgroup',
  'dd', 'del', 'div', 'dl', 'dt', 'em', 'font', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'mark',
  'ol', 'p', 'pre', 'q', 's', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead',
  'tr', 'tt', 'u', 'ul',
];
const CELL = ['colspan', 'rowspan', 'align', 'valign', 'width', 'height', 'bgcolor'];

// A CSS value without parentheses, backslash escapes, colons or semicolons cannot hold url(),
// expression(), image-set() or an escaped variant of them; rgb()/rgba()/hsl() of plain numbers are the exception.
const SAFE_VALUE = [/^[^\\()<>`;:]*$/, /^(rgba?|hsla?)\(\s*[\d.\s,%]+\)$/i];
const STYLE_PROPS = [
  'color', 'background-color', 'font-size', 'font-weight', 'font-style', 'font-family', 'text-align', 'text-decoration',
  'text-transform', 'line-height', 'letter-spacing', 'vertical-align', 'white-space', 'width', 'max-width', 'min-width', 'height',
  'margin', 'margin-top', 'margin-right', 'margin-bottom', 'margin-left', 'padding', 'padding-top', 'padding-right',
  'padding-bottom', 'padding-left', 'border', 'border-top', 'border-right', 'border-bottom', 'border-left', 'border-color',
  'border-style', 'border-width', 'border-collapse', 'border-spacing', 'border-radius', 'list-style-type',
];
const ALLOWED_STYLES = { '*': Object.fromEntries(STYLE_PROPS.map((p) => [p, SAFE_VALUE])) };

const RASTER_DATA_URI = /^data:image\/(png|jpe?g|gif|webp);base64,[a-z0-9+/=\s]+$/i;

/** The origin of an http(s) URL in a form that is safe inside a CSP source list, or null. */
export function cspOrigin(src: string): string | null {
  let url: URL;
  try {
    url = new URL(src);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (!/^[a-z0-9.-]+$/i.test(url.hostname) || url.username || url.password) return null;
  return `${url.protocol}//${url.host}`.toLowerCase();
}

export function sanitizeMailHtml(input: string, opts: SanitizeOptions): SanitizedMail {
  let remoteImages = 0;
  const origins = new Set<string>();
  const html = sanitizeHtml(input, {
    allowedTags: TAGS,
    allowedAttributes: {
      a: ['href', 'title', 'name', 'target', 'rel'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      table: ['width', 'border', 'cellpadding', 'cellspacing', 'align', 'bgcolor'],
      td: CELL,
      th: CELL,
      tr: ['align', 'valign', 'bgcolor'],
      font: ['color', 'face', 'size'],
      '*': ['style', 'align', 'dir', 'lang', 'title'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
    allowProtocolRelative: false,
    allowedStyles: ALLOWED_STYLES,
    disallowedTagsMode: 'discard',
    // Their content is code or page furniture, not text the customer wrote.
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'svg', 'math', 'template', 'iframe', 'object'],
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer' } }),
      img: (tagName, attribs) => {
        const { src: raw = '', ...rest } = attribs;
        const src = raw.trim();
        const keep = (s: string) => ({ tagName, attribs: { ...rest, src: s } });
        const drop = (alt: string) => ({ tagName, attribs: { ...rest, alt: rest.alt ? `${alt}: ${rest.alt}` : alt } });
        if (RASTER_DATA_URI.test(src)) return keep(src);
        if (/^cid:/i.test(src)) {
          const uri = opts.inlineImages?.[src.slice(4).replace(/^<|>$/g, '')];
          return uri && RASTER_DATA_URI.test(uri) ? keep(uri) : drop('[indlejret billede mangler]');
        }
        const origin = cspOrigin(src);
        if (!origin) return drop('[billede fjernet]');
        remoteImages++;
        if (!opts.allowRemoteImages) return drop('[billede blokeret]');
        origins.add(origin);
        return keep(src);
      },
    },
  });
  return { html, remoteImages, remoteOrigins: [...origins].sort() };
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The document served into the sandboxed frame: sanitised HTML, or the plain text in <pre>. */
export function mailDocument(body: { html: string } | { text: string }): string {
  const content = 'html' in body ? body.html : `<pre>${escape(body.text)}</pre>`;
  return (
    '<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">' +
    '<style>body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;margin:12px;word-wrap:break-word}' +
    'pre{white-space:pre-wrap;font:inherit;margin:0}img{max-width:100%;height:auto}table{max-width:100%}</style>' +
    `</head><body>${content}</body></html>`
  );
}
