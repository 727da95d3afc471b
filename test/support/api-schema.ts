import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@uplift/config';

/** The checked-in types of `@uplift/api-client`, generated from the API's document. */
export const SCHEMA_FILE = join(projectRoot(), 'libs', 'api-client', 'src', 'schema.ts');

/** The source of the schema file for `document`: openapi-typescript's Node API, then prettier. */
export function schemaSource(document: unknown): string {
  return execFileSync(process.execPath, [join(__dirname, 'schema-source.mjs'), SCHEMA_FILE], {
    input: JSON.stringify(document),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

export function checkedInSchema(): string {
  return readFileSync(SCHEMA_FILE, 'utf8');
}

export function writeSchema(source: string): void {
  writeFileSync(SCHEMA_FILE, source);
}

/** The first line where the two sources part, for a failure message a person can act on. */
export function firstDifference(generated: string, checkedIn: string): string {
  const g = generated.split('\n');
  const c = checkedIn.split('\n');
  for (let i = 0; i < Math.max(g.length, c.length); i++) {
    if (g[i] !== c[i])
      return `line ${i + 1}:\n  checked in: ${c[i] ?? '(end of file)'}\n  generated:  ${g[i] ?? '(end of file)'}`;
  }
  return 'none';
}
