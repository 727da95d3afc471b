import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { fieldError, passwordSchema, zodDetails, type FieldError } from '@uplift/domain';

/** Argon2id (`Algorithm.Argon2id` of @node-rs/argon2, a const enum the isolated build cannot read). */
const ARGON2ID = 2 as Algorithm;

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * Takes as long as checking a real password: an unknown email is answered after the same work as a
 * wrong password, so timing does not tell which addresses have an account.
 */
export async function verifyNothing(password: string): Promise<void> {
  dummy ??= hashPassword('uplift-dummy-password-never-valid');
  await verifyPassword(await dummy, password);
}

let common: Set<string> | undefined;

/** The common-password list of @zxcvbn-ts/language-common (about 49,000), lower-cased. */
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  return common;
}

/**
 * What is wrong with a new password, each naming the field `password`: the shared rule (length,
 * `passwordSchema`), then the server's own: not a common password (compared case-insensitively),
 * and not built from the person's email address.
 */
export function passwordProblems(password: string, email: string): FieldError[] {
  const parsed = passwordSchema.safeParse(password);
  if (!parsed.success) return zodDetails(parsed.error, 'password');
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) return [fieldError('password', 'password.common')];
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 3 && lower.includes(local)) return [fieldError('password', 'password.contains_email')];
  return [];
}
