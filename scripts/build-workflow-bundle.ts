import { bundleWorkflowCode } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAILURE_CONVERTER_PATH, workflowBundlerOptions, workflowsPath } from '@uplift/temporal';

/** Production workers load this prebuilt bundle instead of running webpack at every start. */
async function main(): Promise<void> {
  const root = join(__dirname, '..', '..');
  const { code } = await bundleWorkflowCode({
    workflowsPath: workflowsPath(),
    ...workflowBundlerOptions(),
    // Failures a workflow raises are encoded inside the sandbox: their messages must be encrypted too.
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: undefined,
  });
  writeFileSync(join(root, 'dist', 'workflow-bundle.js'), code);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
