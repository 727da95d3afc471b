/**
 * Administrative division codes (GB/T 2260): 6 digits, `XX0000` a province, `XXXX00` a prefecture city,
 * anything else a county. `000000` stands for the national level, which covers every division.
 */
export const NATIONAL_DIVISION = '000000';
const DIVISION = /^\d{6}$/;

export function isDivisionCode(code: string): boolean {
  return DIVISION.test(code);
}

/** The prefix every division under `code` shares, so a covering test is a prefix match (also in SQL). */
export function divisionPrefix(code: string): string {
  if (code === NATIONAL_DIVISION) return '';
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

/** Whether a regulator scoped to `scope` may see `code`: a division covers itself and its children. */
export function divisionCovers(scope: string, code: string): boolean {
  return code.startsWith(divisionPrefix(scope));
}
