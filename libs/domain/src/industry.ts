import { englishMessage, type MessageParams } from './messages';

/**
 * Industry classification (GB/T 4754-2017): sections A–T, then a two-digit division (01–97), optionally
 * refined to a three-digit group and a four-digit class, e.g. `C`, `C35`, `C351`, `C3511` or `3511`.
 */
const SECTION_DIVISIONS: Record<string, [number, number]> = {
  A: [1, 5],
  B: [6, 12],
  C: [13, 43],
  D: [44, 46],
  E: [47, 50],
  F: [51, 52],
  G: [53, 60],
  H: [61, 62],
  I: [63, 65],
  J: [66, 69],
  K: [70, 70],
  L: [71, 72],
  M: [73, 75],
  N: [76, 79],
  O: [80, 82],
  P: [83, 83],
  Q: [84, 85],
  R: [86, 90],
  S: [91, 96],
  T: [97, 97],
};
const CODE = /^([A-T])?(\d{2})?(\d{1,2})?$/;

export function sectionOfDivision(division: number): string | undefined {
  return Object.keys(SECTION_DIVISIONS).find((s) => {
    const [lo, hi] = SECTION_DIVISIONS[s];
    return division >= lo && division <= hi;
  });
}

export type IndustryCheck =
  | { ok: true }
  | {
      ok: false;
      reason: string;
      code: 'industry.format' | 'industry.unknown_division' | 'industry.wrong_section';
      params?: MessageParams;
    };

export function checkIndustryCode(code: string): IndustryCheck {
  const m = CODE.exec(code);
  if (!m || code.length === 0 || (!m[2] && m[3])) {
    return { ok: false, reason: englishMessage('industry.format'), code: 'industry.format' };
  }
  const [, section, division] = m;
  if (!division) return { ok: true };
  const owner = sectionOfDivision(Number(division));
  if (!owner) {
    const params = { division };
    return {
      ok: false,
      reason: englishMessage('industry.unknown_division', params),
      code: 'industry.unknown_division',
      params,
    };
  }
  if (section && section !== owner) {
    const params = { division, section: owner };
    return {
      ok: false,
      reason: englishMessage('industry.wrong_section', params),
      code: 'industry.wrong_section',
      params,
    };
  }
  return { ok: true };
}

/** The section letter of a valid code: its own letter, or the section its division belongs to. */
export function industrySection(code: string): string | null {
  if (/^[A-T]/.test(code)) return code[0];
  return sectionOfDivision(Number(code.slice(0, 2))) ?? null;
}
