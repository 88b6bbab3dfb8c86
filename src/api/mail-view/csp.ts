/**
 * Content-Security-Policy values. Pure. The app's own pages run no script at all; the mail
 * frame may load nothing but inline styles, data: images and — after the agent's opt-in — the
 * remote image origins the sanitiser kept. `sandbox` in the header also sandboxes the frame's
 * document when it is opened on its own (outside our iframe).
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "frame-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function mailFrameCsp(remoteOrigins: readonly string[]): string {
  const safe = remoteOrigins.filter((o) => /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/.test(o));
  return [
    "default-src 'none'",
    `img-src data:${safe.length ? ` ${safe.join(' ')}` : ''}`,
    "style-src 'unsafe-inline'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
    'sandbox allow-popups allow-popups-to-escape-sandbox',
  ].join('; ');
}

/** For downloads: nothing in the file may run if a browser decides to render it anyway. */
export const DOWNLOAD_CSP = "default-src 'none'; sandbox";
