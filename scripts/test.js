#!/usr/bin/env node
// `npm test`: starts the local broker when KAFKA_BROKERS is unset, points the tests at the
// machine's PostgreSQL when DATABASE_URL is unset, runs both jest projects, and ends with jest's
// totals as one plain line: `N passed, N failed[, N skipped]`.
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, rmSync } = require('node:fs');
const path = require('node:path');
const { ensureKafka, stopKafka, ensurePostgresForTests, ROOT } = require('./local-services');

async function main() {
  const env = { ...process.env };
  const kafka = await ensureKafka(env);
  await ensurePostgresForTests(env);
  const results = path.join(ROOT, '.cache', 'jest-results.json');
  mkdirSync(path.dirname(results), { recursive: true });
  rmSync(results, { force: true });
  const jest = spawnSync(
    process.execPath,
    [require.resolve('jest/bin/jest'), '--json', `--outputFile=${results}`, ...process.argv.slice(2)],
    { env, stdio: 'inherit', cwd: ROOT },
  );
  if (kafka.started && !env.NEWSWIRE_KEEP_BROKER) stopKafka(env);
  let code = jest.status ?? 1;
  if (existsSync(results)) {
    const r = JSON.parse(readFileSync(results, 'utf8'));
    const skipped = r.numPendingTests + r.numTodoTests;
    process.stdout.write(
      `\n${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
    );
    if (r.numFailedTests > 0 || r.numFailedTestSuites > 0 || r.numRuntimeErrorTestSuites > 0) code = code || 1;
    if (r.numTotalTests === 0) code = code || 1;
  } else {
    process.stdout.write('\n0 passed, 1 failed\n');
    code = code || 1;
  }
  process.exit(code);
}

main().catch((error) => {
  process.stderr.write(`test: ${error.message}\n`);
  process.stdout.write('\n0 passed, 1 failed\n');
  process.exit(1);
});
