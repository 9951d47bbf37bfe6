#!/usr/bin/env node
// `npm test`: starts the local broker when KAFKA_BROKERS is unset, points the tests at the
// machine's PostgreSQL when DATABASE_URL is unset, runs both jest projects, and ends with jest's
// totals as one plain line: `N passed, N failed[, N skipped]`.
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { ensureKafka, stopKafka, ensurePostgresForTests, ROOT } = require('./local-services');

const TOTALS = path.join(ROOT, '.cache', 'test-totals.txt');

function fail(message) {
  if (message) process.stderr.write(`test: ${message}\n`);
  mkdirSync(path.dirname(TOTALS), { recursive: true });
  writeFileSync(TOTALS, '0 passed, 1 failed\n');
  process.stdout.write('\n0 passed, 1 failed\n');
}

/** The test projects unless the caller selects some: `standards` needs ../shared and is an evaluation. */
function jestArgs(args) {
  return args.includes('--selectProjects') ? args : ['--selectProjects', 'unit', 'e2e', '--', ...args];
}

async function main() {
  // PGlite loads its WebAssembly through a dynamic import, which jest's VM only allows with this flag.
  const env = {
    ...process.env,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim(),
  };
  const kafka = await ensureKafka(env);
  await ensurePostgresForTests(env);
  const results = path.join(ROOT, '.cache', 'jest-results.json');
  mkdirSync(path.dirname(results), { recursive: true });
  rmSync(results, { force: true });
  rmSync(TOTALS, { force: true });
  const jest = spawnSync(
    process.execPath,
    [
      require.resolve('jest/bin/jest'),
      '--json',
      `--outputFile=${results}`,
      ...jestArgs(process.argv.slice(2)),
    ],
    { env, stdio: 'inherit', cwd: ROOT },
  );
  if (kafka.started && !env.NEWSWIRE_KEEP_BROKER) stopKafka(env);
  let code = jest.status ?? 1;
  if (existsSync(results)) {
    const r = JSON.parse(readFileSync(results, 'utf8'));
    const skipped = r.numPendingTests + r.numTodoTests;
    const failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
    const totals = `${r.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
    writeFileSync(TOTALS, totals + '\n');
    process.stdout.write(`\n${totals}\n`);
    if (r.numFailedTests > 0 || r.numFailedTestSuites > 0 || r.numRuntimeErrorTestSuites > 0)
      code = code || 1;
    if (r.numTotalTests === 0) code = code || 1;
  } else {
    fail('jest wrote no results');
    code = code || 1;
  }
  process.exit(code);
}

main().catch((error) => {
  fail(error.message);
  process.exit(1);
});
