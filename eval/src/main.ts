/**
 * `npm run eval -- <name>`: runs eval/src/<name>.eval.ts, which scores a labelled set and prints
 * precision and recall.
 */
import { runNamed } from '../../bench/src/run-named';

void runNamed(__dirname, 'eval', 'eval');
