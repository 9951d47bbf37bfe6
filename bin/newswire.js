#!/usr/bin/env node
// The `newswire` bin: runs the built CLI (npm run build makes dist/).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const main = join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
if (!existsSync(main)) {
  process.stderr.write('newswire: not built yet; run `npm run build` in the project folder first\n');
  process.exit(1);
}
require(main);
