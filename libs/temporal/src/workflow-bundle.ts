import type { BundleOptions } from '@temporalio/worker';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@uplift/config';

/**
 * How webpack resolves `@uplift/<lib>` inside the workflow bundle: as tsconfig's paths, jest's
 * moduleNameMapper and tsc-alias do, from the TypeScript sources (workflows import only the pure ones).
 */
function upliftAliases(): Record<string, string> {
  const libs = join(projectRoot(), 'libs');
  return Object.fromEntries(
    readdirSync(libs, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => [`@uplift/${entry.name}`, join(libs, entry.name, 'src')]),
  );
}

/** Where the workflows are, for the prebuilt bundle, a worker without it and the replayer. */
export const workflowsPath = (): string => join(projectRoot(), 'workflows', 'index.ts');

/** The bundler options of every workflow bundle (`bundlerOptions` of a worker or the replayer). */
export const workflowBundlerOptions = (): {
  webpackConfigHook: NonNullable<BundleOptions['webpackConfigHook']>;
} => ({
  webpackConfigHook: (config) => ({
    ...config,
    resolve: { ...config.resolve, alias: { ...(config.resolve?.alias as object), ...upliftAliases() } },
  }),
});
