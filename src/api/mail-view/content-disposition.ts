/**
 * Content-Disposition for attachment downloads (RFC 6266 with the RFC 5987 `filename*`
 * parameter). Pure. The quoted `filename` is an ASCII fallback for old clients; `filename*`
 * carries the real UTF-8 name ("Tilbud på æblekage.pdf"). Both are built from a name that
 * parseMail already stripped of paths and control characters.
 */
export function asciiFallback(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    // A quoted-string may not hold " or \ unescaped; % is decoded by some browsers.
    .replace(/["\\%]/g, '_')
    .trim();
  return ascii || 'attachment';
}

/** RFC 5987 ext-value: UTF-8, percent-encoded, with the attr-chars encodeURIComponent leaves alone also encoded. */
export function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function contentDisposition(filename: string, kind: 'attachment' | 'inline' = 'attachment'): string {
  const clean = filename.replace(/[\u0000-\u001f\u007f]/g, '');
  return `${kind}; filename="${asciiFallback(clean)}"; filename*=UTF-8''${rfc5987(clean)}`;
}

/** Types a browser may be told as they are; anything else (HTML, SVG, scripts…) goes out as octet-stream. */
const PASS_THROUGH = /^(application\/pdf|image\/(png|jpeg|gif|webp)|text\/(plain|csv)|application\/(zip|msword|vnd\.ms-excel|vnd\.openxmlformats-officedocument\.[a-z.]+))$/;

export function downloadContentType(declared: string): string {
  const type = declared.toLowerCase().split(';')[0].trim();
  return PASS_THROUGH.test(type) ? type : 'application/octet-stream';
}
