import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Random secrets and their at-rest form. Session ids and API tokens carry 256 bits from the
 * CSPRNG, so an unsalted SHA-256 is enough to store them: nothing to brute-force, and a
 * lookup by hash stays an index scan.
 */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Constant-time string comparison (length differences return false without an early exit on content). */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  if (ab.length !== bb.length) {
    timingSafeEqual(ab, ab);
    return false;
  }
  return timingSafeEqual(ab, bb);
}
