import { USCC_ALPHABET, usccCheckCharacter } from '@uplift/domain';

/** `n` written in base 31 with the USCC alphabet, so distinct serials give distinct codes. */
function base31(n: number): string {
  let text = '';
  do {
    text = USCC_ALPHABET[n % 31] + text;
    n = Math.floor(n / 31);
  } while (n > 0);
  return text;
}

/** A valid USCC for a company registered in `division`, distinct per `serial` (base 31 in the code's own alphabet). */
export function validUscc(division: string, serial: number): string {
  const orgCode = `MA${base31(serial).padStart(7, '0')}`;
  const first17 = `91${division}${orgCode}`;
  return first17 + usccCheckCharacter(first17);
}

/** The same code with a check character that is wrong. */
export function withWrongCheck(uscc: string): string {
  const wrong = uscc[17] === '0' ? '1' : '0';
  return uscc.slice(0, 17) + wrong;
}

export function enterprise(division: string, serial: number, overrides: Record<string, unknown> = {}) {
  return {
    uscc: validUscc(division, serial),
    name: `测试企业${serial}有限公司`,
    regionCode: division,
    industryCode: 'C3511',
    email: `owner${serial}@enterprise.example`,
    contactName: `联系人${serial}`,
    employees: 20 + serial,
    ...overrides,
  };
}
