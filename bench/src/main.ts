/**
 * `npm run bench -- <name> [options]`: runs bench/src/<name>.bench.ts. Each bench prints its
 * figures beside a baseline measured in the same run, on this machine.
 */
import { runNamed } from './run-named';

void runNamed(__dirname, 'bench', 'bench');
