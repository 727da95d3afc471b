import { bundleWorkflowCode } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Production workers load this prebuilt bundle instead of running webpack at every start. */
async function main(): Promise<void> {
  const root = join(__dirname, '..', '..');
  const { code } = await bundleWorkflowCode({
    workflowsPath: join(root, 'workflows', 'index.ts'),
    logger: undefined,
  });
  writeFileSync(join(root, 'dist', 'workflow-bundle.js'), code);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
