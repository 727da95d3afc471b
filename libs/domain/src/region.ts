import { GBT2260_DIVISIONS } from './data/gbt2260-divisions';
import { englishMessage } from './messages';

/**
 * Administrative division codes (GB/T 2260): 6 digits, `XX0000` a province, `XXXX00` a prefecture city,
 * anything else a county. `000000` stands for the national level, which covers every division.
 * A code is a division only if it is in the generated list of divisions that exist (data/, with its
 * source and year): a code of the right shape that names no division is refused.
 */
export const NATIONAL_DIVISION = '000000';
const DIVISION = /^\d{6}$/;

let divisions: ReadonlySet<string> | undefined;
function existing(): ReadonlySet<string> {
  divisions ??= new Set(GBT2260_DIVISIONS.split(/\s+/).filter((c) => c !== ''));
  return divisions;
}

/** Why `code` is no division an enterprise can be in, or null when it names one that exists. */
export function checkDivision(code: string): string | null {
  const problem = divisionProblem(code);
  return problem && englishMessage(problem.code);
}

/** The rule `code` breaks as a division that exists, by its message code, or null. */
export function divisionProblem(code: string): { code: 'division.format' | 'division.unknown' } | null {
  if (!DIVISION.test(code)) return { code: 'division.format' };
  if (!existing().has(code)) return { code: 'division.unknown' };
  return null;
}

/** Like `divisionProblem`, with `000000` (the whole country) allowed. */
export function scopeDivisionProblem(code: string): ReturnType<typeof divisionProblem> {
  return code === NATIONAL_DIVISION ? null : divisionProblem(code);
}

/** Why `code` cannot scope a round or a regulator: a division that exists, or the national level. */
export function checkScopeDivision(code: string): string | null {
  return code === NATIONAL_DIVISION ? null : checkDivision(code);
}

/** Whether `code` is a division that exists (the national level included: it scopes rounds and regulators). */
export function isDivisionCode(code: string): boolean {
  return checkScopeDivision(code) === null;
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
