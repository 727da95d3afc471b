import { resolveTemporalCli } from '../../libs/devstack/src/temporal-dev-server';

/** The SDK's test server download fails offline: hand it the project's Temporal CLI instead. */
export function localTemporalExecutable() {
  return { type: 'existing-path' as const, path: resolveTemporalCli() };
}
