#!/usr/bin/env node
/**
 * Builds a held-out set (DIR/mails/*.eml + DIR/labels.csv) from the hand-written sources in
 * DIR/source/*.txt. The texts are written by hand; this script only wraps them as RFC 5322
 * messages (CRLF, MIME, encodings, headers a receiving server adds). One script for all the
 * held-out sets; DIR defaults to this script's folder:
 *
 *   node training/heldout/build.js                      # training/heldout
 *   node training/heldout/build.js training/heldout2    # or heldout3
 *
 * Source format: one block per mail, starting with "### <id>", then "Key: value" lines, a
 * blank line and the body (verbatim, up to the next "### "). Keys:
 *   Label, Lang, Status (sender_status), Company, Notes, From, To, Cc, Subject,
 *   Format (text | html | alt: text+html), Charset (utf-8 | iso-8859-1),
 *   Encoding (qp | base64 | 8bit), Auth (pass | none | fail), Header (an extra header line; repeatable),
 *   InReplyTo (a Message-ID the mail answers).
 * Deterministic: the same sources give byte-identical files.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const ROOT = process.argv[2] ? path.resolve(process.argv[2]) : __dirname;
const SRC = path.join(ROOT, 'source');
const OUT = path.join(ROOT, 'mails');

function parseSources() {
  const mails = [];
  for (const f of fs.readdirSync(SRC).filter((n) => n.endsWith('.txt')).sort()) {
    const text = fs.readFileSync(path.join(SRC, f), 'utf8').replace(/\r\n/g, '\n');
    const blocks = text.split(/^### /m).slice(1);
    for (const b of blocks) {
      const nl = b.indexOf('\n');
      const id = b.slice(0, nl).trim();
      const rest = b.slice(nl + 1);
      const sep = rest.indexOf('\n\n');
      const head = rest.slice(0, sep).split('\n');
      const body = rest.slice(sep + 2).replace(/\s+$/, '') + '\n';
      const m = { id, headers: [], file: f };
      for (const line of head) {
        const i = line.indexOf(':');
        if (i < 0) throw new Error(`${f} ${id}: bad key line "${line}"`);
        const k = line.slice(0, i).trim();
        const v = line.slice(i + 1).trim();
        if (k === 'Header') m.headers.push(v);
        else m[k] = v;
      }
      m.body = body;
      for (const k of ['Label', 'Lang', 'Status', 'From', 'Subject']) if (m[k] === undefined) throw new Error(`${f} ${id}: missing ${k}`);
      mails.push(m);
    }
  }
  return mails;
}

const hash = (s) => crypto.createHash('sha256').update(s).digest('hex');

function encodeWord(v) {
  // eslint-disable-next-line no-control-regex
  if (/^[\x20-\x7e]*$/.test(v)) return v;
  const words = [];
  let chunk = '';
  for (const ch of v) {
    if (Buffer.byteLength(chunk + ch, 'utf8') > 42) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}

function encodeAddress(a) {
  const m = /^(.*)<([^>]+)>\s*$/.exec(a);
  if (!m) return a;
  const name = m[1].trim().replace(/^"|"$/g, '');
  if (!name) return `<${m[2]}>`;
  // eslint-disable-next-line no-control-regex
  if (/^[\x20-\x7e]*$/.test(name)) return /[,.;:@()]/.test(name) ? `"${name}" <${m[2]}>` : `${name} <${m[2]}>`;
  return `${encodeWord(name)} <${m[2]}>`;
}

function qp(buf) {
  const lines = [];
  let line = '';
  const push = (tok) => {
    if (line.length + tok.length > 75) {
      lines.push(line + '=');
      line = '';
    }
    line += tok;
  };
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (c === 0x0a) {
      lines.push(line);
      line = '';
      continue;
    }
    if (c === 0x0d) continue;
    const next = buf[i + 1];
    const isSpaceBeforeEol = (c === 0x20 || c === 0x09) && (next === 0x0a || next === undefined);
    if ((c >= 33 && c <= 126 && c !== 61) || ((c === 0x20 || c === 0x09) && !isSpaceBeforeEol)) push(String.fromCharCode(c));
    else push('=' + c.toString(16).toUpperCase().padStart(2, '0'));
  }
  lines.push(line);
  return lines.join('\r\n');
}

function encodeBody(text, charset, encoding) {
  const buf = charset === 'iso-8859-1' ? Buffer.from(text, 'latin1') : Buffer.from(text, 'utf8');
  if (encoding === 'base64') return (buf.toString('base64').match(/.{1,76}/g) || []).join('\r\n');
  // The message is assembled as a "binary" string (one char per byte) and written as latin1,
  // so an 8bit body keeps the bytes of its declared charset.
  if (encoding === '8bit') return buf.toString('latin1').replace(/\n/g, '\r\n');
  return qp(buf);
}

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Paragraphs → <p>, "> " lines → <blockquote>, a lone "--" line starts a grey signature block. */
function toHtml(body, id) {
  const paras = body.trim().split(/\n\s*\n/);
  const fonts = ['Calibri,sans-serif', 'Arial,Helvetica,sans-serif', 'Aptos,Segoe UI,sans-serif', 'Verdana,sans-serif'];
  const font = fonts[parseInt(hash(id).slice(0, 2), 16) % fonts.length];
  const parts = [];
  let inSig = false;
  for (const p of paras) {
    const lines = p.split('\n');
    if (lines.every((l) => l.startsWith('>'))) {
      parts.push(`<blockquote style="margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex">${lines.map((l) => esc(l.replace(/^>\s?/, ''))).join('<br>')}</blockquote>`);
      continue;
    }
    if (lines[0].trim() === '--') inSig = true;
    const htmlLines = (inSig && lines[0].trim() === '--' ? lines.slice(1) : lines).map((l) => {
      const t = esc(l);
      return t.replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>');
    });
    if (lines.every((l) => /^\s*[-•*] /.test(l))) {
      parts.push(`<ul>${lines.map((l) => `<li>${esc(l.replace(/^\s*[-•*] /, ''))}</li>`).join('')}</ul>`);
      continue;
    }
    parts.push(inSig ? `<p style="color:#777;font-size:9pt">${htmlLines.join('<br>')}</p>` : `<p>${htmlLines.join('<br>')}</p>`);
  }
  return `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><div style="font-family:${font};font-size:11pt">\n${parts.join('\n')}\n</div></body></html>\n`;
}

function build(m, n) {
  const from = m.From;
  const addr = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const domain = addr.split('@')[1];
  const h = hash(m.id + m.Subject);
  // One mail every ~3 hours from Monday 2 February 2026, Copenhagen time (+0100).
  const t = Date.UTC(2026, 1, 2, 7, 12) + n * 3 * 3600 * 1000 + (parseInt(h.slice(0, 4), 16) % 5400) * 1000;
  const d = new Date(t + 3600 * 1000);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p2 = (x) => String(x).padStart(2, '0');
  const date = `${days[d.getUTCDay()]}, ${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0100`;
  const msgId = `<${h.slice(0, 12)}.${m.id}@${domain}>`;
  const auth = m.Auth ?? 'pass';
  const lines = [];
  lines.push(`Return-Path: <${m.ReturnPath ?? addr}>`);
  lines.push(`Received: from mail.${domain} (mail.${domain} [192.0.2.${(parseInt(h.slice(4, 6), 16) % 250) + 1}])\r\n\tby mx1.microbizz.dk (Postfix) with ESMTPS id ${h.slice(6, 16).toUpperCase()}\r\n\tfor <support@microbizz.dk>; ${date}`);
  if (auth === 'pass') lines.push(`Authentication-Results: mx1.microbizz.dk;\r\n\tspf=pass smtp.mailfrom=${domain};\r\n\tdkim=pass header.d=${domain};\r\n\tdmarc=pass header.from=${domain}`);
  else if (auth === 'none') lines.push(`Authentication-Results: mx1.microbizz.dk;\r\n\tspf=softfail smtp.mailfrom=${domain};\r\n\tdkim=none;\r\n\tdmarc=none header.from=${domain}`);
  else lines.push(`Authentication-Results: mx1.microbizz.dk;\r\n\tspf=fail smtp.mailfrom=${domain};\r\n\tdkim=fail header.d=${domain};\r\n\tdmarc=fail header.from=${domain}`);
  lines.push(`From: ${encodeAddress(from)}`);
  lines.push(`To: ${encodeAddress(m.To ?? 'Microbizz Support <support@microbizz.dk>')}`);
  if (m.Cc) lines.push(`Cc: ${m.Cc.split(/\s*,\s*/).map(encodeAddress).join(', ')}`);
  lines.push(`Subject: ${encodeWord(m.Subject)}`);
  lines.push(`Date: ${date}`);
  lines.push(`Message-ID: ${msgId}`);
  if (m.InReplyTo) {
    lines.push(`In-Reply-To: <${m.InReplyTo}>`);
    lines.push(`References: <${m.InReplyTo}>`);
  }
  for (const x of m.headers) lines.push(x);
  lines.push('MIME-Version: 1.0');
  const format = m.Format ?? 'text';
  let charset = m.Charset ?? 'utf-8';
  // eslint-disable-next-line no-control-regex
  if (charset === 'iso-8859-1' && /[^\x00-\xff]/.test(m.body)) charset = 'utf-8';
  const encoding = m.Encoding ?? ['qp', 'base64', '8bit'][parseInt(h.slice(16, 18), 16) % 3];
  const part = (type, content) => [`Content-Type: ${type}; charset="${charset}"`, `Content-Transfer-Encoding: ${encoding === '8bit' ? '8bit' : encoding === 'base64' ? 'base64' : 'quoted-printable'}`, '', encodeBody(content, charset, encoding)];
  if (format === 'text') lines.push(...part('text/plain', m.body));
  else if (format === 'html') lines.push(...part('text/html', toHtml(m.body, m.id)));
  else if (format === 'alt') {
    const boundary = `----=_Part_${h.slice(20, 32)}`;
    lines.push(`Content-Type: multipart/alternative; boundary="${boundary}"`, '', 'This is a multi-part message in MIME format.', '');
    lines.push(`--${boundary}`, ...part('text/plain', m.body), `--${boundary}`, ...part('text/html', toHtml(m.body, m.id)), `--${boundary}--`);
  } else throw new Error(`${m.id}: unknown Format ${format}`);
  lines.push('');
  return lines.join('\r\n');
}

function csvField(v) {
  const s = String(v ?? '');
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function main() {
  const mails = parseSources();
  const ids = new Set();
  for (const m of mails) {
    if (ids.has(m.id)) throw new Error(`duplicate id ${m.id}`);
    ids.add(m.id);
  }
  // Arrival order is shuffled deterministically so categories are mixed as in a real mailbox.
  const order = [...mails].sort((a, b) => hash('order' + a.id).localeCompare(hash('order' + b.id)));
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const rows = [['file', 'category', 'language', 'sender_status', 'company', 'notes']];
  order.forEach((m, i) => {
    const file = `${m.id}.eml`;
    const raw = build(m, i);
    // eslint-disable-next-line no-control-regex
    if (/[^\x00-\xff]/.test(raw)) throw new Error(`${m.id}: a header has non-Latin-1 text; encode it`);
    fs.writeFileSync(path.join(OUT, file), Buffer.from(raw, 'latin1'));
    rows.push([file, m.Label, m.Lang, m.Status, m.Company ?? '', m.Notes ?? '']);
  });
  rows.sort((a, b) => (a === rows[0] ? -1 : b === rows[0] ? 1 : a[0].localeCompare(b[0])));
  fs.writeFileSync(path.join(ROOT, 'labels.csv'), rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n');
  const count = {};
  for (const m of mails) count[m.Label] = (count[m.Label] ?? 0) + 1;
  console.log(`${mails.length} mails: ${Object.entries(count).map(([k, v]) => `${k} ${v}`).join(', ')}`);
}

main();
