import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The checkout's root, found from here whether running from sources or from dist. */
export function projectRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'nest-cli.json'))) return dir;
  }
  throw new Error('project root not found');
}
