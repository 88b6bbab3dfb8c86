import type { Language } from '../domain/vocabulary';

/**
 * An amount in Danish kroner: "1.850 kr." (da) / "DKK 1,850" (en). Whole amounts have no
 * decimals; other amounts get two ("1.850,50 kr.", "DKK 1,850.50"). Pure; the one way replies,
 * course offers and the workspace write money.
 */
export function formatDkk(amount: number, lang: Language): string {
  if (!Number.isFinite(amount)) throw new Error(`formatDkk: not a finite amount: ${amount}`);
  const digits = Number.isInteger(amount) ? 0 : 2;
  const n = new Intl.NumberFormat(lang === 'da' ? 'da-DK' : 'en-GB', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amount);
  return lang === 'da' ? `${n} kr.` : `DKK ${n}`;
}
