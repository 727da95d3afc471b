/**
 * The console's pages that emails link to, as API.md "People and the console" fixes their paths
 * (served by the API process under `/console/`). Emails and the console take them from here.
 */
export const consolePages = {
  journey: (journeyId: string) => `/console/journeys/${encodeURIComponent(journeyId)}`,
} as const;
