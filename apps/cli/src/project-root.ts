import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The project folder (where package.json and scripts/ are), found from this file in src/ or dist/. */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  while (dir !== dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scripts', 'kafka.sh'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot find the newswire project folder');
}
