/**
 * Unified Social Credit Code (统一社会信用代码), GB 32100-2015.
 * 18 characters: registration authority (1), organisation type (1), administrative division (6),
 * organisation code (9), check character (1). The alphabet leaves out I, O, S, V and Z.
 */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/**
 * The one way a USCC is read, wherever it enters (JSON rows, CSV cells, query filters): surrounding
 * spaces dropped, full-width digits and letters (as Chinese input methods type them) made ASCII, letters
 * made capitals. The standard's alphabet is capitals only, so nothing valid is changed.
 */
export function normaliseUscc(code: string): string {
  return code
    .trim()
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) =>
      String.fromCharCode(c.charCodeAt(0) - 0xfee0),
    )
    .toUpperCase();
}

import type { MessageParams } from './messages';

export type UsccProblemCode = 'uscc.length' | 'uscc.characters' | 'uscc.check_character';
export type UsccCheck =
  { ok: true } | { ok: false; reason: string; code: UsccProblemCode; params?: MessageParams };

/** The check character the standard computes for the first 17 characters. */
export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]) * WEIGHTS[i];
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/**
 * Every rule of the standard except the check character. Some codes issued in early pilot regions
 * carry a check character the formula does not give; an admin may accept those as issued.
 */
export function checkUsccShape(code: string): UsccCheck {
  if (code.length !== 18) return { ok: false, reason: 'must be 18 characters', code: 'uscc.length' };
  if (!SHAPE.test(code)) {
    return {
      ok: false,
      reason: 'has characters outside GB 32100-2015 (digits and capitals except I, O, S, V, Z)',
      code: 'uscc.characters',
    };
  }
  return { ok: true };
}

export function checkUscc(code: string): UsccCheck {
  const shape = checkUsccShape(code);
  if (!shape.ok) return shape;
  const expected = usccCheckCharacter(code.slice(0, 17));
  if (code[17] !== expected)
    return {
      ok: false,
      reason: `wrong check character: expected ${expected}`,
      code: 'uscc.check_character',
      params: { expected },
    };
  return { ok: true };
}

/** The administrative division the code was registered in (characters 3–8). */
export function usccDivision(code: string): string {
  return code.slice(2, 8);
}
