import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (memory-hard, in node:crypto, no extra dependency). The stored
 * form carries its own parameters and per-user salt — `scrypt$N$r$p$salt$hash` — so the cost
 * can be raised without invalidating existing hashes: an old hash still verifies with the
 * parameters it names, and checkLogin re-hashes it with the current ones (needsRehash).
 *
 * N = 2^17, r = 8, p = 1 is OWASP's recommended minimum (Password Storage Cheat Sheet). It
 * needs 128·N·r = 128 MiB per hash and took ~0.7 s on one core of the 2-core CI machine
 * (N = 2^15, the earlier default, ~0.16 s). It runs on libuv's thread pool (the async API),
 * so the event loop keeps serving; at most MAX_CONCURRENT_HASHES run at once per process,
 * so a burst of logins queues instead of asking for 128 MiB each. Tests may pass a lower cost.
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
/** Hashes computed at once by this process: 2 × 128 MiB at most; more would not be faster on 2 cores. */
export const MAX_CONCURRENT_HASHES = 2;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** Longer inputs are refused: scrypt would accept them, but nobody types 1 KiB passwords. */
export const MAX_PASSWORD_LENGTH = 1024;
export const MIN_PASSWORD_LENGTH = 12;

/** At most `max` tasks at once; the rest wait in arrival order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly max: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.max) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, or give it back.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }

  get queued(): number {
    return this.waiting.length;
  }
}

const hashing = new Semaphore(MAX_CONCURRENT_HASHES);
/** Hashes waiting for a slot in this process. */
export const hashesWaiting = (): number => hashing.queued;

function scrypt(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // OpenSSL needs 128·r·(N + p + 2) bytes; node refuses when maxmem is lower (default 32 MiB).
  const opts: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 128 * params.r * (params.N + params.p + 2) + 1024 * 1024 };
  return hashing.run(
    () => new Promise<Buffer>((resolve, reject) => scryptCb(password.normalize('NFC'), salt, KEY_BYTES, opts, (err, key) => (err ? reject(err) : resolve(key)))),
  );
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  if (password.length > MAX_PASSWORD_LENGTH) throw new Error('password too long');
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export function parseHash(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  // Refuse absurd parameters from a tampered row instead of allocating gigabytes.
  if (![N, r, p].every(Number.isSafeInteger) || N < 2 || N > 2 ** 20 || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  return { params: { N, r, p }, salt: Buffer.from(parts[4], 'base64url'), key: Buffer.from(parts[5], 'base64url') };
}

/** True when a stored hash was made with other parameters than `current` (the next successful login re-hashes it). */
export function needsRehash(stored: string, current: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.params.N !== current.N || parsed.params.r !== current.r || parsed.params.p !== current.p;
}

/** True when `password` matches; the key comparison is constant-time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed || password.length > MAX_PASSWORD_LENGTH) return false;
  const key = await scrypt(password, parsed.salt, parsed.params);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** A hash of a random password, checked when the email is unknown so both paths cost the same. */
let dummy: Promise<string> | null = null;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await dummy);
}
