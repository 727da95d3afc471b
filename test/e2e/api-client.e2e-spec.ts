import {
  checkedInSchema,
  firstDifference,
  schemaSource,
  SCHEMA_FILE,
  writeSchema,
} from '../support/api-schema';
import { Stack } from '../support/stack';

/**
 * The typed client (`@uplift/api-client`) is only as true as its generated types: they must be what
 * the running API's document generates today. `npm run generate:client` runs this suite with
 * UPLIFT_WRITE_CLIENT=1, which writes the file instead of comparing.
 */
describe('the generated API client types', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('are what the running API document generates', async () => {
    const document = await stack.request('GET', '/docs-json', { key: null });
    expect(document.status).toBe(200);
    const generated = schemaSource(document.body);
    if (process.env.UPLIFT_WRITE_CLIENT === '1') {
      writeSchema(generated);
      return;
    }
    const checkedIn = checkedInSchema();
    if (checkedIn !== generated)
      throw new Error(
        `${SCHEMA_FILE} differs from what the running API's /docs-json generates: ` +
          `run \`npm run generate:client\` and commit the file.\nFirst difference at ${firstDifference(generated, checkedIn)}`,
      );
  });
});
