/**
 * The console's pages that emails link to, as API.md "People and the console" fixes their paths
 * (served by the API process under `/console/`). Emails and the console take them from here.
 */
export const consolePages = {
  journey: (journeyId: string) => `/console/journeys/${encodeURIComponent(journeyId)}`,
  /** Where an invited person sets a password (the token is the invitation's one-time secret). */
  invitation: (token: string) => `/console/invitation/${encodeURIComponent(token)}`,
  /** Where a person who forgot the password sets a new one. */
  passwordReset: (token: string) => `/console/password-reset/${encodeURIComponent(token)}`,
} as const;
