import { GBT2260_NAMES } from './data/gbt2260-names';
import { NATIONAL_DIVISION } from './region';

let table: Map<string, string> | undefined;

function names(): Map<string, string> {
  if (!table) {
    const tokens = GBT2260_NAMES.trim().split(/\s+/);
    table = new Map();
    for (let i = 0; i + 1 < tokens.length; i += 2) table.set(tokens[i], tokens[i + 1]);
  }
  return table;
}

/** A division's own name (西湖区), `全国` for the national level, null for a code that is no division. */
export function divisionName(code: string): string | null {
  if (code === NATIONAL_DIVISION) return '全国';
  return names().get(code) ?? null;
}

/**
 * The name people read: province, prefecture and county from the top (浙江省杭州市西湖区; 北京市东城区,
 * where the statistics have no prefecture of their own), null for a code that is no division.
 */
export function divisionFullName(code: string): string | null {
  const own = divisionName(code);
  if (own === null || code === NATIONAL_DIVISION) return own;
  const levels = [`${code.slice(0, 2)}0000`, `${code.slice(0, 4)}00`, code];
  return [...new Set(levels)].map((c) => names().get(c) ?? '').join('');
}
