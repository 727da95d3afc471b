import { z } from 'zod';

/** A person's password: long enough to resist guessing, short enough to hash without abuse. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * The rule a password must meet, on the console (before it is sent) and in the API alike. The API
 * also refuses common passwords and ones built from the person's email address (server-side only:
 * the dictionary is too large for the console's bundle).
 */
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH)
  .max(PASSWORD_MAX_LENGTH)
  .meta({
    description: `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters; not a common password.`,
  });
