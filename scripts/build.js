#!/usr/bin/env node
// Builds into a fresh folder and swaps it in as dist/ in one rename, so a process that is starting
// an app never sees a half-written dist (tsc output before tsc-alias has rewritten the path aliases).
const { spawnSync } = require('node:child_process');
const { renameSync, rmSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const tmp = path.join(ROOT, `.dist-${process.pid}`);
const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    process.exit(r.status ?? 1);
  }
};
run(bin('tsc'), ['-p', 'tsconfig.build.json', '--outDir', tmp]);
run(bin('tsc-alias'), ['-p', 'tsconfig.build.json', '--outDir', tmp]);
// The contracts a consumer fetches, in the build output: the AsyncAPI document of the topics and the
// JSON Schema of every JSON message, generated from libs/contracts' zod schemas.
const asyncapi = spawnSync(
  process.execPath,
  [path.join(tmp, 'apps/cli/src/main.js'), 'asyncapi', '--schemas', path.join(tmp, 'schemas')],
  { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'inherit'] },
);
if (asyncapi.status !== 0) {
  rmSync(tmp, { recursive: true, force: true });
  process.exit(asyncapi.status ?? 1);
}
writeFileSync(path.join(tmp, 'schemas', 'asyncapi.json'), asyncapi.stdout);
const old = path.join(ROOT, `.dist-old-${process.pid}`);
try {
  renameSync(path.join(ROOT, 'dist'), old);
} catch {
  // no previous build
}
renameSync(tmp, path.join(ROOT, 'dist'));
rmSync(old, { recursive: true, force: true });
