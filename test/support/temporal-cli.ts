import { resolveTemporalCli } from '@uplift/devstack';

/** The SDK's test server download fails offline: hand it the project's Temporal CLI instead. */
export function localTemporalExecutable() {
  return { type: 'existing-path' as const, path: resolveTemporalCli() };
}
