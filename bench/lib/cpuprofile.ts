/**
 * Summarises a V8 .cpuprofile (node --cpu-prof) by where the CPU went: self time per
 * package / project module, and the hottest functions. Async code makes "inclusive time
 * per stage" unreliable (a continuation's stack does not show who awaited it), so the
 * grouping is by the code that ran: mailparser & friends = parsing, pg + typeorm = database
 * client, bullmq + ioredis = queue, and so on.
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  busyMs: number;
  groups: { group: string; ms: number; pctBusy: number }[];
  functions: { fn: string; where: string; ms: number; pctBusy: number }[];
}

/** The package (node_modules/<pkg>) or project folder a script URL belongs to. */
export function moduleOf(url: string, functionName: string): string {
  if (!url) {
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(garbage collector)') return 'gc';
    if (functionName === '(program)') return '(program: V8/native, not JS)';
    return `native ${functionName || '(anonymous)'}`;
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const src = /\/dist\/(src\/[^/]+(?:\/[^/]+)?)\//.exec(url) ?? /\/dist\/(src\/[^/]+)\.js/.exec(url);
  if (src) return src[1]!;
  const m = /\/dist\/([^/]+)\//.exec(url);
  return m ? m[1]! : url;
}

/** Coarse pipeline meaning of a module, for the table in RESULTS.md. */
export function stageOf(mod: string): string {
  if (mod === '(idle)') return '(idle)';
  if (mod === 'gc') return 'garbage collection';
  if (/^(mailparser|mailsplit|libmime|libqp|libbase64|iconv-lite|encoding-japanese|punycode\.js|linkify-it|tlds|he|html-to-text|htmlparser2|domhandler|domutils|dom-serializer|entities|selderee|parseley|leac|peberminta|deepmerge|@selderee\/plugin-htmlparser2|sanitize-html)$/.test(mod) || mod.startsWith('src/pipeline/parse'))
    return 'parse (mailparser, html-to-text, project parse code)';
  if (/^(pg|pg-protocol|pg-pool|pg-types|postgres-array|postgres-bytea|postgres-date|postgres-interval|typeorm|reflect-metadata|buffer-writer|packet-reader)$/.test(mod) || mod.startsWith('src/db'))
    return 'database client (pg, typeorm)';
  if (/^(bullmq|ioredis|@ioredis\/commands|redis-parser|cluster-key-slot|denque|msgpackr|cron-parser|luxon|standard-as-callback)$/.test(mod) || mod.startsWith('src/queue'))
    return 'queue (bullmq, ioredis)';
  if (/^(imapflow|imap-handler|smart-buffer|socks|ip-address|jsbn|sprintf-js|libmime)$/.test(mod) || mod.startsWith('src/pipeline/fetch') || mod.startsWith('src/pipeline/ingest'))
    return 'fetch & store raw (imapflow, ingest)';
  if (mod === 'nodemailer' || mod.startsWith('src/mail')) return 'send reply (nodemailer)';
  if (/^(handlebars|eta|source-map|wordwrap|neo-async|uglify-js)$/.test(mod) || mod.startsWith('src/tickets/replies') || mod.startsWith('src/domain/reply')) return 'reply templates & policy';
  if (mod.startsWith('src/pipeline/classify')) return 'classify';
  if (mod.startsWith('src/pipeline/match') || mod.startsWith('src/contacts')) return 'match sender';
  if (mod.startsWith('src/tickets') || mod.startsWith('src/pipeline')) return 'ticket & pipeline glue';
  if (/^(pino|pino-std-serializers|sonic-boom|fast-redact|quick-format-unescaped|atomic-sleep|on-exit-leak-free|thread-stream|safe-stable-stringify|real-require)$/.test(mod)) return 'logging (pino)';
  if (mod.startsWith('node:')) return `node core (${mod.slice(5)})`;
  if (mod.startsWith('native ') || mod.startsWith('(program')) return 'native / V8 (not attributed)';
  return `other (${mod})`;
}

/**
 * The module each sampled node is charged to. Native frames (socket writes, JSON, regexps)
 * and Node core frames (streams, buffers) are charged to the nearest package or project
 * module that called them, so "writev under pg" counts as database client time; what has
 * no such caller (timers, the event loop itself) stays with node core / native.
 */
function chargedModules(p: Profile): Map<number, string> {
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const memo = new Map<number, string | null>();
  // The nearest ancestor-or-self that is a package or project module (not node core / native).
  const owner = (id: number | undefined): string | null => {
    const chain: number[] = [];
    let found: string | null = null;
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      if (memo.has(cur)) {
        found = memo.get(cur)!;
        break;
      }
      chain.push(cur);
      const f = byId.get(cur)!.callFrame;
      if (f.url && !f.url.startsWith('node:')) {
        found = moduleOf(f.url, f.functionName);
        break;
      }
    }
    for (const c of chain) memo.set(c, found);
    return found;
  };
  const out = new Map<number, string>();
  for (const n of p.nodes) {
    const own = moduleOf(n.callFrame.url, n.callFrame.functionName);
    if (own === '(idle)' || own === 'gc' || own.startsWith('(program')) out.set(n.id, own);
    else if (!n.callFrame.url || n.callFrame.url.startsWith('node:')) out.set(n.id, owner(n.id) ?? own);
    else out.set(n.id, own);
  }
  return out;
}

function readProfile(file: string): Profile {
  return JSON.parse(readFileSync(file, 'utf8')) as Profile;
}

export function summariseProfile(file: string, top = 20): ProfileSummary {
  const p = readProfile(file);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const charged = chargedModules(p);
  const selfUs = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const id = p.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  }
  let total = 0;
  let idle = 0;
  const groups = new Map<string, number>();
  const fns = new Map<string, { where: string; us: number }>();
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    const mod = charged.get(id)!;
    total += us;
    if (mod === '(idle)') {
      idle += us;
      continue;
    }
    const stage = stageOf(mod);
    groups.set(stage, (groups.get(stage) ?? 0) + us);
    const own = moduleOf(n.callFrame.url, n.callFrame.functionName);
    const where = own === mod ? mod : `${own} ← ${mod}`;
    const fnKey = `${n.callFrame.functionName || '(anonymous)'}\t${where}:${n.callFrame.lineNumber + 1}`;
    const f = fns.get(fnKey) ?? { where, us: 0 };
    f.us += us;
    fns.set(fnKey, f);
  }
  const busy = total - idle;
  const pct = (us: number) => (busy > 0 ? (100 * us) / busy : 0);
  return {
    totalMs: total / 1000,
    idleMs: idle / 1000,
    busyMs: busy / 1000,
    groups: [...groups.entries()].sort((a, b) => b[1] - a[1]).map(([group, us]) => ({ group, ms: us / 1000, pctBusy: pct(us) })),
    functions: [...fns.entries()]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, top)
      .map(([fn, v]) => ({ fn: fn.split('\t')[0]!, where: fn.split('\t')[1]!, ms: v.us / 1000, pctBusy: pct(v.us) })),
  };
}

/** Module-level self time (finer than stageOf; native and core frames charged to their caller). */
export function moduleTable(file: string, top = 25): { module: string; ms: number }[] {
  const p = readProfile(file);
  const charged = chargedModules(p);
  const mods = new Map<string, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const mod = charged.get(p.samples[i]!)!;
    if (mod === '(idle)') continue;
    mods.set(mod, (mods.get(mod) ?? 0) + (p.timeDeltas[i] ?? 0));
  }
  return [...mods.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([module, us]) => ({ module, ms: us / 1000 }));
}
