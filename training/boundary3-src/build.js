#!/usr/bin/env node
/*
 * Builds training/data/boundary3-*.jsonl from the hand-written sources in this folder.
 * Source format (one file per boundary): each mail starts with a line
 *   @ CATEGORY LANG FROM-ADDRESS
 * then "S: subject" (may be empty), optionally "N: note", then the body until the next "@ ".
 * Ids are FILE-PREFIX-LANG-NNN in order of appearance. Deterministic: node training/boundary3-src/build.js
 */
const fs = require('node:fs');
const path = require('node:path');
const dir = __dirname;
const out = path.join(dir, '..', 'data');
const CATS = new Set(['error', 'support', 'training', 'service_request', 'noise']);
for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.txt')).sort()) {
  const name = f.replace(/\.txt$/, '');
  const lines = fs.readFileSync(path.join(dir, f), 'utf8').split(/\r?\n/);
  const mails = [];
  let cur = null;
  for (const line of lines) {
    const m = /^@ (\S+) (da|en) (\S+@\S+)\s*$/.exec(line);
    if (m) {
      if (!CATS.has(m[1])) throw new Error(`${f}: bad category ${m[1]}`);
      cur = { category: m[1], language: m[2], from: m[3], subject: null, note: null, body: [] };
      mails.push(cur);
      continue;
    }
    if (line.startsWith('@')) throw new Error(`${f}: malformed header line: ${line}`);
    if (!cur) { if (line.trim()) throw new Error(`${f}: text before first mail`); continue; }
    if (cur.subject === null) {
      if (!line.startsWith('S:')) throw new Error(`${f}: expected S: after header, got ${line}`);
      cur.subject = line.slice(2).trim();
      continue;
    }
    if (cur.note === null && cur.body.length === 0 && line.startsWith('N:')) { cur.note = line.slice(2).trim(); continue; }
    cur.body.push(line);
  }
  const counters = {};
  const rows = mails.map((m) => {
    const text = m.body.join('\n').replace(/^\n+/, '').replace(/\s+$/, '');
    if (!text) throw new Error(`${f}: empty body for subject ${m.subject}`);
    counters[m.language] = (counters[m.language] ?? 0) + 1;
    const id = `${name}-${m.language}-${String(counters[m.language]).padStart(3, '0')}`;
    const row = { id, category: m.category, language: m.language, subject: m.subject, text, from: m.from };
    if (m.note) row.note = m.note;
    return JSON.stringify(row);
  });
  fs.writeFileSync(path.join(out, `${name}.jsonl`), rows.join('\n') + '\n');
  const by = {};
  for (const m of mails) by[m.category] = (by[m.category] ?? 0) + 1;
  console.log(`${name}.jsonl: ${mails.length} examples`, JSON.stringify(by));
}
